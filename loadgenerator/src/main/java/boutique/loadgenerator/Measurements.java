package boutique.loadgenerator;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Response times and failures per request type, kept by the capacity benchmark itself so that its table does
 * not depend on the layout of Gatling's HTML report.
 */
final class Measurements {

    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private volatile boolean open = true;

    /** Records one request; a failure without a response (a refused connection) has no time. */
    void record(String requestType, boolean failed, Integer millis) {
        if (open) {
            series.computeIfAbsent(requestType, key -> new Series()).add(failed, millis);
        }
    }

    /**
     * Stops recording when the run's time is up: Gatling's users finish their requests in flight while it
     * writes its report, and those fall outside the measured time.
     */
    void close() {
        open = false;
    }

    /** A snapshot per request type, sorted by name. */
    Map<String, Totals> totals() {
        Map<String, Totals> totals = new TreeMap<>();
        series.forEach((name, values) -> totals.put(name, values.totals()));
        return totals;
    }

    /** All request types together. */
    Totals overall() {
        Series all = new Series();
        series.values().forEach(all::addAll);
        return all.totals();
    }

    /** Counts and the percentiles of the successful requests' times, in milliseconds. */
    record Totals(long requests, long failures, int p50, int p95, int p99) {}

    private static final class Series {

        private long requests;
        private long failures;
        private int[] okMillis = new int[256];
        private int okCount;

        synchronized void add(boolean failed, Integer millis) {
            requests++;
            if (failed) {
                failures++;
            } else if (millis != null) {
                if (okCount == okMillis.length) {
                    okMillis = Arrays.copyOf(okMillis, okCount * 2);
                }
                okMillis[okCount++] = millis;
            }
        }

        void addAll(Series other) {
            int[] times;
            long otherRequests;
            long otherFailures;
            synchronized (other) {
                times = Arrays.copyOf(other.okMillis, other.okCount);
                otherRequests = other.requests;
                otherFailures = other.failures;
            }
            synchronized (this) {
                for (int time : times) {
                    add(false, time);
                }
                requests += otherRequests - times.length;
                failures += otherFailures;
            }
        }

        synchronized Totals totals() {
            int[] sorted = Arrays.copyOf(okMillis, okCount);
            Arrays.sort(sorted);
            return new Totals(
                    requests, failures, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
        }

        // Nearest rank: the smallest time that at least p % of the requests did not exceed.
        private static int percentile(int[] sorted, double p) {
            if (sorted.length == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }
}
