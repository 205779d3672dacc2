package boutique.recommendation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The reference's deliberately growing product-id cache, used while the {@code recommendationCache} flag fires
 * so that observability tools have rising memory and latency to show. On an empty cache, or on half of the
 * later uses (a "miss"), it asks the catalog, appends the ids, then appends a copy of its own first quarter;
 * so it grows by about a quarter per miss (0, 11, 25, 42, ...) and is never trimmed, also not once the flag
 * is off. Every use scans the whole list for the distinct ids, so latency grows with it.
 *
 * <p>Unlike the reference, which grows until the process dies, it stops growing at {@code limit} entries.
 * Entries are references to a handful of id strings, about 4 bytes each: the default two million, reached
 * after roughly 120 flagged calls, hold about 11 MB of heap and make each call take some 40-100 ms (measured
 * with the launcher's JVM options): clearly visible, and far from exhausting a 64 MB heap. Misses past the
 * limit still call the catalog, so the latency stays.
 */
class LeakyProductCache {

    static final int DEFAULT_LIMIT = 2_000_000;

    private final int limit;
    private final List<String> cached = new ArrayList<>();

    LeakyProductCache(int limit) {
        this.limit = limit;
    }

    /**
     * One use of the cache: the distinct ids in it, how many entries it holds (repeats included: the number that
     * grows), and whether it answered without asking the catalog.
     */
    record Lookup(Set<String> productIds, int entries, boolean hit) {}

    /** The distinct ids in the cache, after asking {@code catalog} for more on a miss. */
    Lookup productIds(Supplier<List<String>> catalog) {
        // The catalog is called outside the lock, so a slow catalog does not hold up every other request.
        boolean miss = isMiss();
        List<String> fetched = miss ? catalog.get() : List.of();
        synchronized (this) {
            if (!fetched.isEmpty()) {
                append(fetched);
                append(cached.subList(0, cached.size() / 4));
            }
            // Not new LinkedHashSet<>(cached): that would size a table for millions of entries on every call.
            Set<String> distinct = new LinkedHashSet<>();
            for (String id : cached) {
                distinct.add(id);
            }
            return new Lookup(distinct, cached.size(), !miss);
        }
    }

    synchronized int size() {
        return cached.size();
    }

    private synchronized boolean isMiss() {
        return cached.isEmpty() || ThreadLocalRandom.current().nextBoolean();
    }

    private void append(List<String> ids) {
        int room = limit - cached.size();
        if (room > 0) {
            // A copy first: ids may be a view of the cache itself.
            cached.addAll(List.copyOf(ids.subList(0, Math.min(room, ids.size()))));
        }
    }
}
