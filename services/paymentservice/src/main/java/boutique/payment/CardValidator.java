package boutique.payment;

import boutique.kit.ShopException;
import hipstershop.CreditCardInfo;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * The card rules of the reference's payment service: a number must be valid for its detected type (Luhn
 * checksum and length, the rules of the simple-card-validator library it used), only Visa and Mastercard are
 * accepted, and a card is good up to and including its expiry month, in UTC. Each refusal is
 * INVALID_ARGUMENT with the reference's message.
 */
@Component
class CardValidator {

    static final String INVALID = "Credit card info is invalid.";
    static final Set<String> ACCEPTED = Set.of("visa", "mastercard");
    /** No card type is longer than 19 digits; anything much longer is refused before it is scanned. */
    private static final int MAX_NUMBER_LENGTH = 64;

    /** One card type of the library: a prefix rule and the lengths valid for it. */
    private record CardType(String name, Predicate<String> prefix, IntPredicate length) {}

    /** The library's detection order: the first match wins (so some Visa ranges are {@code visa_electron}). */
    private static final List<CardType> TYPES = List.of(
            new CardType("amex", startsWith("34", "37"), n -> n == 15),
            new CardType("diners_club_carte_blanche", prefixIn(3, 300, 305), n -> n == 14),
            new CardType("diners_club_international", startsWith("36", "38", "39", "309"), n -> n == 14),
            new CardType("jcb", prefixIn(4, 3528, 3589), n -> n == 16),
            new CardType("laser", startsWith("6304", "6706", "6709", "6771"), n -> n >= 16 && n <= 19),
            new CardType("visa_electron", startsWith("4026", "417500", "4508", "4844", "4913", "4917"), n -> n == 16),
            new CardType("visa", startsWith("4"), n -> n == 16),
            new CardType("mastercard", prefixIn(2, 51, 55), n -> n == 16),
            new CardType(
                    "maestro",
                    startsWith(
                            "5018", "5081", "5044", "5020", "5038", "603845", "6304", "6759", "6761", "6762", "6763",
                            "6220", "504834", "504817", "504645"),
                    n -> n >= 12 && n <= 19),
            new CardType(
                    "rupay",
                    prefixIn(6, 508500, 508999)
                            .or(prefixIn(6, 606985, 607984))
                            .or(prefixIn(6, 608001, 608500))
                            .or(prefixIn(6, 652150, 653149))
                            .or(prefixIn(6, 817200, 820199)),
                    n -> n == 16),
            new CardType("discover", startsWith("6011", "65").or(prefixIn(6, 622126, 622925)), n -> n == 16));

    private final Clock clock;

    CardValidator() {
        this(Clock.systemUTC());
    }

    CardValidator(Clock clock) {
        this.clock = clock;
    }

    /**
     * What a card is before any rule of the shop: its type as detected from the number's prefix (null when none
     * matches), and whether its details are valid: a number valid for that type and a possible expiry month.
     */
    record Details(String type, boolean valid) {}

    /** The card's type when it may be charged; otherwise throws INVALID_ARGUMENT with the reason. */
    String check(CreditCardInfo card) {
        return check(card, inspect(card));
    }

    /** The card's {@link Details}. */
    Details inspect(CreditCardInfo card) {
        String number = card.getCreditCardNumber();
        int month = card.getCreditCardExpirationMonth();
        int year = card.getCreditCardExpirationYear();
        if (number.length() > MAX_NUMBER_LENGTH) {
            return new Details(null, false);
        }
        String digits = number.replace(" ", "").replace("-", "");
        CardType type = detect(digits);
        if (type == null) {
            return new Details(null, false);
        }
        boolean validNumber = type.length().test(digits.length()) && luhn(digits);
        // Unlike the reference, an unset (0) or impossible expiry is not a card that never expires.
        return new Details(type.name(), validNumber && month >= 1 && month <= 12 && year >= 1);
    }

    /** The card's type when a card of these {@code details} may be charged; otherwise INVALID_ARGUMENT. */
    String check(CreditCardInfo card, Details details) {
        String number = card.getCreditCardNumber();
        int month = card.getCreditCardExpirationMonth();
        int year = card.getCreditCardExpirationYear();
        String type = details.type();
        if (!details.valid()) {
            throw ShopException.invalidArgument(INVALID);
        }
        if (!ACCEPTED.contains(type)) {
            throw ShopException.invalidArgument(
                    "Sorry, we cannot process " + type + " credit cards. Only VISA or MasterCard is accepted.");
        }
        YearMonth now = YearMonth.now(clock);
        if ((long) now.getYear() * 12 + now.getMonthValue() > (long) year * 12 + month) {
            throw ShopException.invalidArgument(
                    "The credit card (ending " + lastFour(number) + ") expired on " + month + "/" + year + ".");
        }
        return type;
    }

    /** The last four characters as sent (separators included), the most of a number we ever show or log. */
    static String lastFour(String number) {
        return number.substring(Math.max(0, number.length() - 4));
    }

    /** The type whose prefix a number without separators has (the first in the library's order), or null. */
    private static CardType detect(String digits) {
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        for (CardType type : TYPES) {
            if (type.prefix().test(digits)) {
                return type;
            }
        }
        return null;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    private static Predicate<String> startsWith(String... prefixes) {
        return digits -> {
            for (String prefix : prefixes) {
                if (digits.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Predicate<String> prefixIn(int length, int low, int high) {
        return digits -> {
            if (digits.length() < length) {
                return false;
            }
            int prefix = Integer.parseInt(digits, 0, length, 10);
            return prefix >= low && prefix <= high;
        };
    }
}
