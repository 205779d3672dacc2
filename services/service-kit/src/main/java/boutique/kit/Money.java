package boutique.kit;

import io.grpc.Status;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * An exact amount of money in one currency, as units plus nanos (billionths), with the validity rules of the
 * proto's {@code Money}: nanos within +-999,999,999 and never of the opposite sign to units. Every instance
 * is valid; arithmetic is exact and fails loudly on a currency mismatch or an overflow.
 */
public record Money(String currencyCode, long units, int nanos) {

    static final int NANOS_PER_UNIT = 1_000_000_000;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX_PLUS_ONE =
            BigDecimal.valueOf(Long.MAX_VALUE).add(BigDecimal.ONE);

    public Money {
        if (currencyCode == null) {
            throw new InvalidMoneyException("currency code is missing");
        }
        String problem = problem(units, nanos);
        if (problem != null) {
            throw new InvalidMoneyException(problem);
        }
    }

    /** Raised for a value the proto's rules forbid, or arithmetic that would leave the range of Money. */
    public static final class InvalidMoneyException extends ShopException {
        InvalidMoneyException(String what) {
            super(Status.Code.INVALID_ARGUMENT, "invalid money: " + what);
        }
    }

    /** What is wrong with these units and nanos, or null when they form a valid amount. */
    static String problem(long units, int nanos) {
        if (nanos <= -NANOS_PER_UNIT || nanos >= NANOS_PER_UNIT) {
            return "nanos " + nanos + " outside -999999999..999999999";
        }
        if ((units > 0 && nanos < 0) || (units < 0 && nanos > 0)) {
            return "units " + units + " and nanos " + nanos + " have opposite signs";
        }
        return null;
    }

    public static boolean isValid(hipstershop.Money proto) {
        return problem(proto.getUnits(), proto.getNanos()) == null;
    }

    public static Money zero(String currencyCode) {
        return new Money(currencyCode, 0, 0);
    }

    public static Money fromProto(hipstershop.Money proto) {
        return new Money(proto.getCurrencyCode(), proto.getUnits(), proto.getNanos());
    }

    /** The amount rounded half-even to the nano; fails when it does not fit in Money's range. */
    public static Money of(String currencyCode, BigDecimal amount) {
        BigDecimal rounded = amount.setScale(9, RoundingMode.HALF_EVEN);
        if (rounded.compareTo(LONG_MIN) <= 0 || rounded.compareTo(LONG_MAX_PLUS_ONE) >= 0) {
            throw new InvalidMoneyException("amount " + rounded.toPlainString() + " is out of range");
        }
        BigInteger[] parts = rounded.unscaledValue().divideAndRemainder(BigInteger.valueOf(NANOS_PER_UNIT));
        return new Money(currencyCode, parts[0].longValueExact(), parts[1].intValueExact());
    }

    public static Money of(String currencyCode, String amount) {
        return of(currencyCode, new BigDecimal(amount));
    }

    public hipstershop.Money toProto() {
        return hipstershop.Money.newBuilder()
                .setCurrencyCode(currencyCode)
                .setUnits(units)
                .setNanos(nanos)
                .build();
    }

    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(units).add(BigDecimal.valueOf(nanos, 9));
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return of(currencyCode, toBigDecimal().add(other.toBigDecimal()));
    }

    public Money times(long quantity) {
        return of(currencyCode, toBigDecimal().multiply(BigDecimal.valueOf(quantity)));
    }

    public Money negate() {
        return new Money(currencyCode, -units, -nanos);
    }

    public boolean isZero() {
        return units == 0 && nanos == 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currencyCode.equals(other.currencyCode)) {
            throw new InvalidMoneyException(
                    "mismatching currency codes " + currencyCode + " and " + other.currencyCode);
        }
    }

    /**
     * The amount as a shopper reads it: as {@code NumberFormat.getCurrencyInstance(Locale.US)} prints it for
     * the currency, with its symbol and usual decimals ({@code $101.96}, {@code €50.49}, {@code ¥12,640}),
     * rounded half-even; a code that is not ISO 4217 follows the amount to the cent ({@code 3.10 XYZ}).
     */
    public String format() {
        Currency currency = isoCurrency(currencyCode);
        if (currency == null) {
            String amount = toBigDecimal().setScale(2, RoundingMode.HALF_EVEN).toPlainString();
            return currencyCode.isBlank() ? amount : amount + " " + currencyCode;
        }
        // A new instance per call: NumberFormat is not thread-safe, and making one is cheap.
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        int decimals = Math.max(0, currency.getDefaultFractionDigits());
        format.setMinimumFractionDigits(decimals);
        format.setMaximumFractionDigits(decimals);
        format.setRoundingMode(RoundingMode.HALF_EVEN);
        return format.format(toBigDecimal());
    }

    private static Currency isoCurrency(String code) {
        try {
            return code.length() == 3 ? Currency.getInstance(code) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return toBigDecimal().toPlainString() + " " + currencyCode;
    }
}
