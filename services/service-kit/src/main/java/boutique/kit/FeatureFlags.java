package boutique.kit;

import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.FeatureFlagServiceGrpc.FeatureFlagServiceBlockingStub;
import hipstershop.FeatureFlagServiceGrpc.FeatureFlagServiceStub;
import hipstershop.Flag;
import hipstershop.GetFlagRequest;
import hipstershop.GetFlagResponse;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flag client every flag-reading service uses. It caches each flag's probability for about a second,
 * so a hot path does not call the flag service per request, and draws per use, so a flag at 0.25 fires on
 * a quarter of the calls. It fails safe: with no flag service configured, unreachable, slow or not knowing
 * the flag, the flag is off, with a WARN at most once a minute.
 *
 * <p>A flag in steady use is read again in the background: the first use after the cache time starts one
 * read and goes on with the value it has, so no call waits for the flag service, and under steady use a change
 * takes effect within the cache time and one read (a flag used only every few cache times sees a change one
 * use later). A flag not used for three cache times, or never, is read before the use, as the call waits. The
 * kit gives it a channel with a network thread of its own ({@link GrpcChannels#openOnOwnThread}), so that wait
 * is safe on any thread.
 */
public class FeatureFlags {

    private static final Logger log = LoggerFactory.getLogger(FeatureFlags.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** How many cache times a flag may go unread and still be read again in the background. */
    private static final int BACKGROUND_READ_WITHIN_TTLS = 3;

    private final FeatureFlagServiceBlockingStub stub;
    private final FeatureFlagServiceStub asyncStub;
    private final long ttlNanos;
    private final Duration deadline;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicBoolean toldNoFlagService = new AtomicBoolean();

    /** A flag's value as read at {@code fetchedAt}; {@code reading} is set while a background read runs. */
    private record Cached(double probability, long fetchedAt, AtomicBoolean reading) {
        Cached(double probability, long fetchedAt) {
            this(probability, fetchedAt, new AtomicBoolean());
        }
    }

    /** A client of the flag service on {@code channel}; a null channel means no flag service: all off. */
    public FeatureFlags(Channel channel, Duration ttl, Duration deadline) {
        this.stub = channel == null ? null : FeatureFlagServiceGrpc.newBlockingStub(channel);
        this.asyncStub = channel == null ? null : FeatureFlagServiceGrpc.newStub(channel);
        this.ttlNanos = ttl.toNanos();
        this.deadline = deadline;
    }

    /** Whether the flag fires for this use: true on a share of calls equal to its probability. */
    public boolean isOn(String name) {
        int percent = (int) Math.round(probability(name) * 100);
        return percent > 0 && ThreadLocalRandom.current().nextInt(1, 101) <= percent;
    }

    /** The flag's stored probability in [0, 1], from the cache when fresh; 0 when it cannot be read. */
    public double probability(String name) {
        if (stub == null) {
            if (toldNoFlagService.compareAndSet(false, true)) {
                log.info("FEATURE_FLAG_GRPC_SERVICE_ADDR is not set: every feature flag reads as off");
            }
            return 0;
        }
        long now = System.nanoTime();
        Cached cached = cache.get(name);
        long age = cached == null ? Long.MAX_VALUE : now - cached.fetchedAt();
        if (age > ttlNanos * BACKGROUND_READ_WITHIN_TTLS) {
            cached = new Cached(fetch(name), now);
            cache.put(name, cached);
        } else if (age > ttlNanos && cached.reading().compareAndSet(false, true)) {
            fetchInBackground(name);
        }
        return cached.probability();
    }

    private double fetch(String name) {
        try {
            // A flag read is not part of the caller's work: detach from its deadline and cancellation.
            Flag flag = Context.ROOT.call(() -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getFlag(request(name))
                    .getFlag());
            return probability(flag);
        } catch (StatusRuntimeException e) {
            return failed(name, e.getStatus());
        } catch (Exception e) {
            warnSometimes(name, e.toString());
            return 0;
        }
    }

    /** Reads the flag without waiting for it; the answer, or a failure as off, replaces the cached value. */
    private void fetchInBackground(String name) {
        StreamObserver<GetFlagResponse> answer = new StreamObserver<>() {
            @Override
            public void onNext(GetFlagResponse response) {
                cache.put(name, new Cached(probability(response.getFlag()), System.nanoTime()));
            }

            @Override
            public void onError(Throwable error) {
                cache.put(name, new Cached(failed(name, Status.fromThrowable(error)), System.nanoTime()));
            }

            @Override
            public void onCompleted() {}
        };
        try {
            Context.ROOT.run(() -> asyncStub
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getFlag(request(name), answer));
        } catch (RuntimeException e) {
            // The read could not even start: the same as a read that failed.
            answer.onError(e);
        }
    }

    private static GetFlagRequest request(String name) {
        return GetFlagRequest.newBuilder().setName(name).build();
    }

    private static double probability(Flag flag) {
        // A reference flag service sends only the bool; ours also sends the probability.
        double p = flag.getProbability() > 0 ? flag.getProbability() : (flag.getEnabled() ? 1 : 0);
        return Math.max(0, Math.min(1, p));
    }

    private double failed(String name, Status status) {
        Object why = status.getDescription() != null ? status.getDescription() : status.getCause();
        warnSometimes(name, status.getCode() + " " + why);
        return 0;
    }

    private void warnSometimes(String name, String why) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            log.warn(
                    "feature flag {} read as off: the flag service answered {} (next such warning in a minute at "
                            + "the earliest)",
                    name,
                    why);
        }
    }
}
