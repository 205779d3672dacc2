package boutique.frontend.web;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * What a shopper's form or an API client may send, one rule for both: how many units of a product, how many
 * ids or order lines in one request, and the range of every number of an order. Each number is checked here,
 * before any arithmetic or backend call, and refused as {@link BadInput} naming the field and its range.
 */
final class RequestRules {

    /** The product page offers 1 to 10 units; the API keeps to the same rule. */
    static final int MIN_QUANTITY = 1;

    static final int MAX_QUANTITY = 10;

    /** More ids than any cart and page can hold; a longer list is refused rather than sent on. */
    static final int MAX_PRODUCT_IDS = 100;

    /** More lines than an order link of the pages ever holds. */
    static final int MAX_ORDER_LINES = 100;

    /** Nine digits: a US ZIP+4 code written as one number is the longest postal code the shop expects. */
    static final int MAX_ZIP_CODE = 999_999_999;

    /** Card security codes have three or four digits. */
    static final int MAX_CVV = 9_999;

    static final int MAX_EXPIRATION_YEAR = 9_999;

    /** Nineteen digits, the longest card number, with room for spaces or dashes between groups. */
    static final int MAX_CARD_NUMBER_LENGTH = 32;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]+");

    private RequestRules() {}

    static int quantity(long value, String name) {
        return within(value, MIN_QUANTITY, MAX_QUANTITY, name);
    }

    static int zipCode(long value, String name) {
        return within(value, 0, MAX_ZIP_CODE, name);
    }

    static int cvv(long value, String name) {
        return within(value, 0, MAX_CVV, name);
    }

    static int expirationMonth(long value, String name) {
        return within(value, 1, 12, name);
    }

    static int expirationYear(long value, String name) {
        return within(value, 0, MAX_EXPIRATION_YEAR, name);
    }

    static String cardNumber(String value, String name) {
        if (value.length() > MAX_CARD_NUMBER_LENGTH) {
            throw new BadInput(name + " must be at most " + MAX_CARD_NUMBER_LENGTH + " characters");
        }
        return value;
    }

    /**
     * A whole number typed in a form field, for one of the rules above to range-check; anything else is
     * refused. A number too long for a long comes back as the long's limit, which every range refuses.
     */
    static long wholeNumber(String text, String name) {
        String digits = text == null ? "" : text.strip();
        if (!WHOLE_NUMBER.matcher(digits).matches()) {
            throw new BadInput(name + " must be a whole number");
        }
        BigInteger number = new BigInteger(digits);
        if (number.bitLength() >= Long.SIZE) {
            return number.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return number.longValue();
    }

    private static int within(long value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new BadInput(name + " must be between " + min + " and " + max);
        }
        return (int) value;
    }
}
