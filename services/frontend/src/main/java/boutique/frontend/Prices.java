package boutique.frontend;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

import boutique.kit.Money;

/**
 * Money as a shopper reads it: the currency's symbol and its usual number of decimals, as
 * {@code NumberFormat.getCurrencyInstance(Locale.US)} prints it ({@code $101.96}, {@code €50.49},
 * {@code ¥12,640}), rounded half-even (decisions.md, Frontend).
 */
final class Prices {

    private Prices() {
    }

    static String format(hipstershop.Money money) {
        return format(Money.fromProto(money));
    }

    static String format(Money money) {
        Currency currency;
        try {
            currency = Currency.getInstance(money.currencyCode());
        } catch (IllegalArgumentException e) {
            // Not an ISO 4217 code Java knows: show the code itself rather than a wrong symbol.
            return money.currencyCode() + " " + money.toBigDecimal().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        }
        // A new instance per call: NumberFormat is not thread-safe, and making one is cheap.
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        int digits = Math.max(0, currency.getDefaultFractionDigits());
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(money.toBigDecimal());
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
