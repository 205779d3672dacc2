package boutique.kit;

import io.grpc.Status;

/**
 * A failure a service means to report, carrying the gRPC status code it maps to and a message for a human.
 * Services throw it; {@link StatusMappingInterceptor} turns it into the status on the wire.
 */
public class ShopException extends RuntimeException {

    private final Status.Code code;

    public ShopException(Status.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static ShopException invalidArgument(String message) {
        return new ShopException(Status.Code.INVALID_ARGUMENT, message);
    }

    public static ShopException notFound(String message) {
        return new ShopException(Status.Code.NOT_FOUND, message);
    }

    public static ShopException unavailable(String message) {
        return new ShopException(Status.Code.UNAVAILABLE, message);
    }

    public Status.Code code() {
        return code;
    }

    public Status toStatus() {
        return code.toStatus().withDescription(getMessage());
    }
}
