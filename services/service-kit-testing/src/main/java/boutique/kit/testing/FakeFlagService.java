package boutique.kit.testing;

import boutique.kit.FeatureFlags;
import boutique.kit.ShopException;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.Flag;
import hipstershop.GetFlagRequest;
import hipstershop.GetFlagResponse;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-process stand-in for the flag service, answering GetFlag from a map of probabilities, so a service's
 * flag scenarios can be tested without PostgreSQL. {@link #client()} gives a {@link FeatureFlags} wired to it
 * with no cache, so a change is seen on the next call.
 */
public final class FakeFlagService extends FeatureFlagServiceGrpc.FeatureFlagServiceImplBase implements AutoCloseable {

    private final Map<String, Double> flags = new ConcurrentHashMap<>();
    private final InProcessGrpc grpc = InProcessGrpc.serve(this);

    public FakeFlagService set(String name, double probability) {
        flags.put(name, probability);
        return this;
    }

    public FeatureFlags client() {
        return new FeatureFlags(grpc.channel(), Duration.ZERO, Duration.ofSeconds(1));
    }

    @Override
    public void getFlag(GetFlagRequest request, StreamObserver<GetFlagResponse> responseObserver) {
        Double p = flags.get(request.getName());
        if (p == null) {
            throw ShopException.notFound("the requested feature flag does not exist");
        }
        responseObserver.onNext(GetFlagResponse.newBuilder()
                .setFlag(Flag.newBuilder()
                        .setName(request.getName())
                        .setEnabled(p > 0)
                        .setProbability(p))
                .build());
        responseObserver.onCompleted();
    }

    @Override
    public void close() throws InterruptedException {
        grpc.close();
    }
}
