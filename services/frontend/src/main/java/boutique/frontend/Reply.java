package boutique.frontend;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * The answer of one unary gRPC call as a {@link CompletableFuture}, so that the independent calls of a page or
 * an API route can be started together and combined, without a thread waiting on each.
 */
final class Reply<T> implements StreamObserver<T> {

    private final CompletableFuture<T> future = new CompletableFuture<>();
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

    /** Waits for a future and throws what it failed with (a gRPC status, a bad input), not a wrapper of it. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a backend", e);
        }
    }

    static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Override
    public void onNext(T next) {
        value = next;
    }

    @Override
    public void onError(Throwable error) {
        future.completeExceptionally(error);
    }

    @Override
    public void onCompleted() {
        future.complete(value);
    }
}
