package boutique.frontend.web;

/** A request the frontend refuses before calling any backend: answered 400 with this message. */
class BadInput extends RuntimeException {

    BadInput(String message) {
        super(message, null, false, false);
    }
}
