package boutique.loadgenerator;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context for one request. The reference's instrumented HTTP client starts a new trace per request
 * (there is no task span), so each request gets a fresh trace id and span id, sampled.
 */
final class TraceParent {

    private TraceParent() {}

    static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "00-" + nonZeroHex(random, 16) + "-" + nonZeroHex(random, 8) + "-01";
    }

    // The specification forbids an all-zero trace id or span id.
    private static String nonZeroHex(ThreadLocalRandom random, int bytes) {
        byte[] id = new byte[bytes];
        random.nextBytes(id);
        id[bytes - 1] |= 1;
        return HexFormat.of().formatHex(id);
    }
}
