package boutique.frontend.backend;

import io.grpc.stub.StreamObserver;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The answer of one unary gRPC call as a {@link CompletableFuture}, so that the independent calls of a page or
 * an API route can be started together and combined, without a thread waiting on each.
 *
 * <p>The future completes in the OpenTelemetry context the call started in, whichever gRPC thread delivers the
 * answer: the stages chained on it (a currency conversion after the catalog's answer) run in the request's
 * context, so the calls they start belong to the request's trace, as children of its server span.
 */
final class Reply<T> implements StreamObserver<T> {

    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final Context context = Context.current();
    private T value;

    private Reply() {}

    /** Starts a call on an async stub, e.g. {@code Reply.of(o -> stub.getCart(request, o))}. */
    static <T> CompletableFuture<T> of(Consumer<StreamObserver<T>> call) {
        Reply<T> reply = new Reply<>();
        try {
            call.accept(reply);
        } catch (RuntimeException e) {
            reply.future.completeExceptionally(e);
        }
        return reply.future;
    }

    @Override
    public void onNext(T next) {
        value = next;
    }

    @Override
    public void onError(Throwable error) {
        try (Scope ignored = context.makeCurrent()) {
            future.completeExceptionally(error);
        }
    }

    @Override
    public void onCompleted() {
        try (Scope ignored = context.makeCurrent()) {
            future.complete(value);
        }
    }
}
