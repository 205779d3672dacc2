package boutique.kit;

import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.FeatureFlagServiceGrpc.FeatureFlagServiceBlockingStub;
import hipstershop.Flag;
import hipstershop.GetFlagRequest;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
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
 */
public class FeatureFlags {

    private static final Logger log = LoggerFactory.getLogger(FeatureFlags.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final FeatureFlagServiceBlockingStub stub;
    private final long ttlNanos;
    private final Duration deadline;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicBoolean toldNoFlagService = new AtomicBoolean();

    private record Cached(double probability, long fetchedAt) {}

    /** A client of the flag service on {@code channel}; a null channel means no flag service: all off. */
    public FeatureFlags(Channel channel, Duration ttl, Duration deadline) {
        this.stub = channel == null ? null : FeatureFlagServiceGrpc.newBlockingStub(channel);
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
        if (cached == null || now - cached.fetchedAt() > ttlNanos) {
            cached = new Cached(fetch(name), now);
            cache.put(name, cached);
        }
        return cached.probability();
    }

    private double fetch(String name) {
        try {
            // A flag read is not part of the caller's work: detach from its deadline and cancellation.
            Flag flag = Context.ROOT.call(() -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getFlag(GetFlagRequest.newBuilder().setName(name).build())
                    .getFlag());
            // A reference flag service sends only the bool; ours also sends the probability.
            double p = flag.getProbability() > 0 ? flag.getProbability() : (flag.getEnabled() ? 1 : 0);
            return Math.max(0, Math.min(1, p));
        } catch (StatusRuntimeException e) {
            warnSometimes(name, e.getStatus().getCode() + " " + e.getStatus().getDescription());
            return 0;
        } catch (Exception e) {
            warnSometimes(name, e.toString());
            return 0;
        }
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
