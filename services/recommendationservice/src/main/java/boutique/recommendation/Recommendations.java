package boutique.recommendation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** How recommendations are chosen: up to five catalog ids the user is not already looking at, at random. */
final class Recommendations {

    static final int MAX_RECOMMENDATIONS = 5;

    private Recommendations() {}

    /**
     * The ids to leave out, accepting every form clients send: each entry as it is (a list of ids), each
     * entry split on commas (comma-joined entries), and the pieces of all entries joined without separator
     * and split on commas (the reference's frontend sends one comma-joined list, one character per entry).
     */
    static Set<String> excludedIds(List<String> productIds) {
        Set<String> excluded = new HashSet<>(productIds);
        for (String entry : productIds) {
            Collections.addAll(excluded, entry.split(","));
        }
        Collections.addAll(excluded, String.join("", productIds).split(","));
        return excluded;
    }

    /** The distinct candidates that are not excluded, in candidate order. */
    static List<String> eligible(Collection<String> candidates, Set<String> excluded) {
        List<String> eligible = new ArrayList<>(new LinkedHashSet<>(candidates));
        eligible.removeAll(excluded);
        return eligible;
    }

    /** Up to {@link #MAX_RECOMMENDATIONS} of the eligible ids, in random order. */
    static List<String> choose(List<String> eligible) {
        List<String> shuffled = new ArrayList<>(eligible);
        Collections.shuffle(shuffled);
        return List.copyOf(shuffled.subList(0, Math.min(MAX_RECOMMENDATIONS, shuffled.size())));
    }
}
