package boutique.kit.web;

/** A client's mistake in a request, answered 400 with its message. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
