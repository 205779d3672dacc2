package boutique.checkout;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Order ids in the reference's form: time-based (version 1) UUIDs. The node is random with the multicast bit
 * set, as RFC 4122 allows when no MAC address is used, and the clock never repeats a value, so ids are unique.
 */
final class OrderIds {

    /** 100-nanosecond intervals from the UUID epoch (1582-10-15) to the Unix epoch. */
    private static final long UUID_EPOCH_OFFSET = 0x01B2_1DD2_1381_4000L;

    private final AtomicLong lastTimestamp = new AtomicLong();
    private final long clockSequenceAndNode;

    OrderIds() {
        SecureRandom random = new SecureRandom();
        long clockSequence = random.nextInt(1 << 14);
        long node = (random.nextLong() & 0xFFFF_FFFF_FFFFL) | 0x0100_0000_0000L;
        this.clockSequenceAndNode = ((0x8000L | clockSequence) << 48) | node;
    }

    String next() {
        long now = System.currentTimeMillis() * 10_000 + UUID_EPOCH_OFFSET;
        long timestamp = lastTimestamp.updateAndGet(last -> Math.max(last + 1, now));
        long timeLow = timestamp & 0xFFFF_FFFFL;
        long timeMid = (timestamp >>> 32) & 0xFFFF;
        long timeHigh = (timestamp >>> 48) & 0x0FFF;
        long mostSignificant = (timeLow << 32) | (timeMid << 16) | 0x1000 | timeHigh;
        return new UUID(mostSignificant, clockSequenceAndNode).toString();
    }
}
