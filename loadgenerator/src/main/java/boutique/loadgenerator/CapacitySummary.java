package boutique.loadgenerator;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** The capacity benchmark's result as a Markdown table: requests per second, failures and p50/p95/p99. */
record CapacitySummary(
        int users, Duration length, Map<String, Measurements.Totals> byType, Measurements.Totals overall) {

    static CapacitySummary of(Measurements measurements, int users, Duration length) {
        return new CapacitySummary(users, length, measurements.totals(), measurements.overall());
    }

    String table() {
        StringBuilder out = new StringBuilder()
                .append(String.format(
                        Locale.ROOT, "Capacity: %d users, no pauses, %d s%n%n", users, length.toSeconds()))
                .append("| request | requests | req/s | failures | p50 ms | p95 ms | p99 ms |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        byType.forEach((name, totals) -> row(out, name, totals));
        row(out, "**all**", overall);
        return out.toString();
    }

    private void row(StringBuilder out, String name, Measurements.Totals totals) {
        double perSecond = totals.requests() / Math.max(1.0, length.toMillis() / 1000.0);
        out.append(String.format(
                Locale.ROOT,
                "| %s | %d | %.1f | %d | %d | %d | %d |%n",
                name,
                totals.requests(),
                perSecond,
                totals.failures(),
                totals.p50(),
                totals.p95(),
                totals.p99()));
    }
}
