package boutique.frontend.web;

import boutique.kit.Money;
import java.util.Currency;
import java.util.Locale;

/**
 * Money on the pages, as the kit's {@link Money#format()} prints it ({@code $101.96}, {@code €50.49},
 * {@code ¥12,640}), and the symbol beside the currency switcher.
 */
final class Prices {

    private Prices() {}

    static String format(hipstershop.Money money) {
        return format(Money.fromProto(money));
    }

    static String format(Money money) {
        return money.format();
    }

    /** The symbol shown beside the currency switcher, e.g. {@code €} for EUR. */
    static String symbol(String currencyCode) {
        try {
            return Currency.getInstance(currencyCode).getSymbol(Locale.US);
        } catch (IllegalArgumentException | NullPointerException e) {
            return currencyCode;
        }
    }
}
