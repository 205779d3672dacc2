package boutique.featureflag;

import boutique.kit.ShopException;
import boutique.kit.StatusMappingInterceptor;
import com.google.protobuf.Timestamp;
import hipstershop.CreateFlagRequest;
import hipstershop.CreateFlagResponse;
import hipstershop.DeleteFlagRequest;
import hipstershop.DeleteFlagResponse;
import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.GetFlagRequest;
import hipstershop.GetFlagResponse;
import hipstershop.ListFlagsRequest;
import hipstershop.ListFlagsResponse;
import hipstershop.UpdateFlagRequest;
import hipstershop.UpdateFlagResponse;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * The {@code hipstershop.FeatureFlagService} rpcs over the {@link FlagStore}: all five, not only GetFlag. The flag
 * an rpc reads or changes goes on its server span ({@code app.featureflag.name}, {@code .description},
 * {@code .enabled}).
 */
@Service
class FeatureFlagGrpcService extends FeatureFlagServiceGrpc.FeatureFlagServiceImplBase implements DisposableBean {

    static final String NOT_FOUND = "the requested feature flag does not exist";
    static final String BLANK_NAME = "flag name must not be blank";
    static final String NAME_TOO_LONG = "flag name must be at most " + Flag.MAX_NAME_LENGTH + " characters";
    static final String DESCRIPTION_TOO_LONG =
            "description must be at most " + Flag.MAX_DESCRIPTION_LENGTH + " characters";

    static final AttributeKey<String> FLAG_NAME = AttributeKey.stringKey("app.featureflag.name");
    static final AttributeKey<String> FLAG_DESCRIPTION = AttributeKey.stringKey("app.featureflag.description");
    static final AttributeKey<Boolean> FLAG_ENABLED = AttributeKey.booleanKey("app.featureflag.enabled");

    private static final Logger log = LoggerFactory.getLogger(FeatureFlagGrpcService.class);

    private final FlagStore store;
    private final ExecutorService storeThreads;

    FeatureFlagGrpcService(FlagStore store, StoreProperties properties) {
        this.store = store;
        AtomicInteger count = new AtomicInteger();
        this.storeThreads = Executors.newFixedThreadPool(properties.poolSize(), work -> {
            Thread thread = new Thread(work, "flag-rpc-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void getFlag(GetFlagRequest request, StreamObserver<GetFlagResponse> responseObserver) {
        answer(responseObserver, "GetFlag", () -> {
            // A name longer than any stored one cannot exist: no query for it.
            Flag flag = (request.getName().length() > Flag.MAX_NAME_LENGTH
                            ? Optional.<Flag>empty()
                            : store.byName(request.getName()))
                    .orElseThrow(() -> ShopException.notFound(NOT_FOUND));
            boolean enabled = Probability.fires(flag.probability(), ThreadLocalRandom.current());
            describe(flag.name(), flag.description(), enabled);
            // Every flag reader polls this about once a second per flag: DEBUG keeps the log readable.
            log.debug("GetFlag name={} probability={} enabled={}", flag.name(), flag.probability(), enabled);
            return GetFlagResponse.newBuilder().setFlag(toProto(flag, enabled)).build();
        });
    }

    @Override
    public void createFlag(CreateFlagRequest request, StreamObserver<CreateFlagResponse> responseObserver) {
        answer(responseObserver, "CreateFlag", () -> {
            String name = validName(request.getName());
            if (request.getDescription().length() > Flag.MAX_DESCRIPTION_LENGTH) {
                throw ShopException.invalidArgument(DESCRIPTION_TOO_LONG);
            }
            double probability = probability(request.hasProbability(), request.getProbability(), request.getEnabled());
            Flag flag = store.create(name, request.getDescription(), probability);
            describe(name, flag.description(), flag.isOn());
            log.info("flag created over gRPC: name={} probability={}", name, probability);
            return CreateFlagResponse.newBuilder()
                    .setFlag(toProto(flag, flag.isOn()))
                    .build();
        });
    }

    @Override
    public void updateFlag(UpdateFlagRequest request, StreamObserver<UpdateFlagResponse> responseObserver) {
        answer(responseObserver, "UpdateFlag", () -> {
            String name = validName(request.getName());
            double probability = probability(request.hasProbability(), request.getProbability(), request.getEnabled());
            Span.current().setAttribute(FLAG_NAME, name);
            if (!store.setProbability(name, probability)) {
                throw ShopException.notFound(NOT_FOUND);
            }
            Span.current().setAttribute(FLAG_ENABLED, probability > 0);
            log.info("flag updated over gRPC: name={} probability={}", name, probability);
            return UpdateFlagResponse.getDefaultInstance();
        });
    }

    @Override
    public void listFlags(ListFlagsRequest request, StreamObserver<ListFlagsResponse> responseObserver) {
        answer(responseObserver, "ListFlags", () -> {
            ListFlagsResponse.Builder response = ListFlagsResponse.newBuilder();
            store.all().forEach(flag -> response.addFlag(toProto(flag, flag.isOn())));
            log.debug("ListFlags count={}", response.getFlagCount());
            return response.build();
        });
    }

    @Override
    public void deleteFlag(DeleteFlagRequest request, StreamObserver<DeleteFlagResponse> responseObserver) {
        answer(responseObserver, "DeleteFlag", () -> {
            String name = validName(request.getName());
            Span.current().setAttribute(FLAG_NAME, name);
            if (!store.deleteByName(name)) {
                throw ShopException.notFound(NOT_FOUND);
            }
            log.info("flag deleted over gRPC: name={}", name);
            return DeleteFlagResponse.getDefaultInstance();
        });
    }

    @Override
    public void destroy() {
        storeThreads.shutdownNow();
    }

    /**
     * Runs an rpc's work on as many threads as the store has connections. A burst of calls then waits in
     * this queue, instead of parking one gRPC thread (and its stack) per call on the connection pool; a call
     * whose caller gave up while queued is skipped. Failures map to statuses as the kit's interceptor does. The
     * work runs in the rpc's trace context, so its attributes and statements land on and under the server span.
     */
    private <T> void answer(StreamObserver<T> responseObserver, String method, Supplier<T> work) {
        Context context = Context.current();
        try {
            storeThreads.execute(io.opentelemetry.context.Context.current().wrap(context.wrap(() -> {
                if (context.isCancelled()) {
                    return;
                }
                T response;
                try {
                    response = work.get();
                } catch (RuntimeException e) {
                    responseObserver.onError(
                            StatusMappingInterceptor.toStatus(e, method).asRuntimeException());
                    return;
                }
                responseObserver.onNext(response);
                responseObserver.onCompleted();
            })));
        } catch (RejectedExecutionException e) {
            responseObserver.onError(Status.UNAVAILABLE
                    .withDescription("the feature flag service is stopping")
                    .asRuntimeException());
        }
    }

    /** The reference's flag attributes, on the rpc's server span. */
    private static void describe(String name, String description, boolean enabled) {
        Span span = Span.current();
        span.setAttribute(FLAG_NAME, name);
        span.setAttribute(FLAG_DESCRIPTION, description == null ? "" : description);
        span.setAttribute(FLAG_ENABLED, enabled);
    }

    private static String validName(String name) {
        if (name.isBlank()) {
            throw ShopException.invalidArgument(BLANK_NAME);
        }
        if (name.length() > Flag.MAX_NAME_LENGTH) {
            throw ShopException.invalidArgument(NAME_TOO_LONG);
        }
        return name;
    }

    /** The explicit probability when sent; otherwise the v1.1.0 boolean, true meaning always. */
    private static double probability(boolean present, double probability, boolean enabled) {
        if (!present) {
            return enabled ? 1.0 : 0.0;
        }
        if (!Probability.isValid(probability)) {
            throw ShopException.invalidArgument(Probability.OUT_OF_RANGE);
        }
        return probability;
    }

    private static hipstershop.Flag toProto(Flag flag, boolean enabled) {
        return hipstershop.Flag.newBuilder()
                .setName(flag.name())
                .setDescription(flag.description() == null ? "" : flag.description())
                .setEnabled(enabled)
                .setProbability(flag.probability())
                .setCreatedAt(timestamp(flag.insertedAt()))
                .setUpdatedAt(timestamp(flag.updatedAt()))
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
    }
}
