package boutique.kit;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from exceptions to gRPC statuses: a {@link ShopException} carries its own code, a failed
 * downstream call keeps the downstream's code and message, and anything else is INTERNAL with a generic
 * description (logged here, once). The cause never crosses the wire.
 */
public final class StatusMappingInterceptor implements ServerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(StatusMappingInterceptor.class);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new SimpleForwardingServerCallListener<>(delegate) {
            @Override
            public void onMessage(Q message) {
                guard(call, () -> super.onMessage(message));
            }

            @Override
            public void onHalfClose() {
                guard(call, super::onHalfClose);
            }
        };
    }

    private static void guard(ServerCall<?, ?> call, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            call.close(toStatus(e, call.getMethodDescriptor().getFullMethodName()), new Metadata());
        }
    }

    /**
     * Descriptions travel in a trailer, and HTTP/2 peers refuse large header blocks (8 KiB by default): a
     * message that echoes a huge client input is cut so the client still gets the status.
     */
    static final int MAX_DESCRIPTION = 1024;

    /** The status a client sees for this exception. */
    public static Status toStatus(Throwable e, String where) {
        Status status;
        if (e instanceof ShopException shop) {
            status = shop.code().toStatus().withDescription(shop.getMessage());
        } else if (e instanceof StatusRuntimeException sre) {
            status = Status.fromCode(sre.getStatus().getCode())
                    .withDescription(sre.getStatus().getDescription());
        } else if (e instanceof StatusException se) {
            status = Status.fromCode(se.getStatus().getCode())
                    .withDescription(se.getStatus().getDescription());
        } else {
            log.error("unexpected failure in {}", where, e);
            return Status.INTERNAL.withDescription("internal error");
        }
        String description = status.getDescription();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            return status.withDescription(description.substring(0, MAX_DESCRIPTION) + "...");
        }
        return status;
    }
}
