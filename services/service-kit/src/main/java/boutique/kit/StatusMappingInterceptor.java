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
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
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

    /** The status a client sees for this exception. */
    public static Status toStatus(Throwable e, String where) {
        if (e instanceof ShopException shop) {
            return shop.toStatus();
        }
        if (e instanceof StatusRuntimeException sre) {
            return Status.fromCode(sre.getStatus().getCode()).withDescription(sre.getStatus().getDescription());
        }
        if (e instanceof StatusException se) {
            return Status.fromCode(se.getStatus().getCode()).withDescription(se.getStatus().getDescription());
        }
        log.error("unexpected failure in {}", where, e);
        return Status.INTERNAL.withDescription("internal error");
    }
}
