package boutique.currency;

import boutique.kit.Money;
import boutique.kit.ShopException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The 33 supported currencies with the value of one euro in each, and exact conversion between them: the
 * amount times rate(to) over rate(from), computed from the rates' decimal literals and rounded once,
 * half-even, to the nano. The table never changes; an unknown code is refused, never added.
 */
@Component
class Rates {

    /** Euro rates, in the order the reference lists its supported codes. */
    private static final Map<String, BigDecimal> PER_EURO = table(
            "ZAR",
            "16.0583",
            "ISK",
            "136.80",
            "ILS",
            "4.0875",
            "RON",
            "4.7463",
            "GBP",
            "0.85970",
            "BRL",
            "4.2682",
            "CZK",
            "25.592",
            "AUD",
            "1.6072",
            "BGN",
            "1.9558",
            "JPY",
            "126.40",
            "PHP",
            "59.083",
            "HUF",
            "315.51",
            "USD",
            "1.1305",
            "SGD",
            "1.5349",
            "IDR",
            "15999.40",
            "CHF",
            "1.1360",
            "TRY",
            "6.1247",
            "NZD",
            "1.6679",
            "THB",
            "36.012",
            "DKK",
            "7.4609",
            "PLN",
            "4.2996",
            "NOK",
            "9.8040",
            "HRK",
            "7.4210",
            "HKD",
            "8.8743",
            "EUR",
            "1.0",
            "RUB",
            "74.4208",
            "CAD",
            "1.5128",
            "INR",
            "79.4320",
            "SEK",
            "10.5375",
            "KRW",
            "1275.05",
            "CNY",
            "7.5857",
            "MXN",
            "21.7999",
            "MYR",
            "4.6289");

    private static Map<String, BigDecimal> table(String... codesAndRates) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        for (int i = 0; i < codesAndRates.length; i += 2) {
            rates.put(codesAndRates[i], new BigDecimal(codesAndRates[i + 1]));
        }
        return Collections.unmodifiableMap(rates);
    }

    List<String> supportedCodes() {
        return List.copyOf(PER_EURO.keySet());
    }

    Money convert(Money from, String toCode) {
        BigDecimal fromRate = rate(from.currencyCode());
        BigDecimal toRate = rate(toCode);
        BigDecimal converted = from.toBigDecimal().multiply(toRate).divide(fromRate, 9, RoundingMode.HALF_EVEN);
        return Money.of(toCode, converted);
    }

    private static BigDecimal rate(String code) {
        BigDecimal rate = PER_EURO.get(code);
        if (rate == null) {
            throw ShopException.invalidArgument("unsupported currency code: " + code);
        }
        return rate;
    }
}
