package boutique.quote;

import java.math.BigDecimal;

/**
 * The shipping price for a number of items: 8.90 USD each, computed as a binary double exactly as the
 * reference does. It is deliberately not rounded to cents: the shipping service rounds the value it reads to
 * the nearest cent, and an already rounded 80.1 read by the reference's truncating shipping service would
 * lose a cent.
 */
final class Quote {

    /** The reference's shipping service sums quantities as unsigned 32-bit numbers; no count can exceed it. */
    static final long MAX_ITEMS = 4_294_967_295L;

    private static final double PRICE_PER_ITEM_USD = 8.90;

    private Quote() {}

    static double forItems(long numberOfItems) {
        if (numberOfItems < 0 || numberOfItems > MAX_ITEMS) {
            throw new IllegalArgumentException("numberOfItems out of range: " + numberOfItems);
        }
        return PRICE_PER_ITEM_USD * numberOfItems;
    }

    /**
     * The JSON text of a quote: digits that read back as the same double, without an exponent and without a
     * decimal part when the value is whole ({@code 0}, {@code 8.9}, {@code 26.700000000000003}, {@code 89}).
     */
    static String toJson(double quote) {
        return new BigDecimal(Double.toString(quote)).stripTrailingZeros().toPlainString();
    }
}
