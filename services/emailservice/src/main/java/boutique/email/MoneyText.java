package boutique.email;

import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

import boutique.kit.Money;

/** Money as a shopper reads it: the currency's symbol and usual decimals ({@code $57.80}, {@code ¥12,640}). */
final class MoneyText {

    private MoneyText() {
    }

    static String of(Money money) {
        Currency currency = currencyOf(money.currencyCode());
        if (currency == null) {
            // Not an ISO currency: the amount to the cent and the code as given.
            String amount = money.toBigDecimal().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
            return money.currencyCode().isBlank() ? amount : amount + " " + money.currencyCode();
        }
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        int decimals = Math.max(0, currency.getDefaultFractionDigits());
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(money.toBigDecimal());
    }

    private static Currency currencyOf(String code) {
        try {
            return code.length() == 3 ? Currency.getInstance(code) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
