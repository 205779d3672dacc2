package boutique.email;

/** A client's mistake in a request, answered 400 with its message. */
class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
