package boutique.loadgenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The folder of Gatling reports: which runs have a finished report, the newest first, and the cleanup. */
final class Reports {

    private static final Logger log = LoggerFactory.getLogger(Reports.class);

    private final Path root;

    Reports(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** A finished report: a run folder holding Gatling's {@code index.html}. */
    record Report(String name, Instant finishedAt) {}

    /** Every finished report, newest first; a run still going has no index page yet and is not listed. */
    List<Report> finished() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(root)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve("index.html")))
                    .map(run -> new Report(run.getFileName().toString(), modified(run.resolve("index.html"))))
                    .sorted(Comparator.comparing(Report::finishedAt)
                            .thenComparing(Report::name)
                            .reversed())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Path> newest() {
        return finished().stream().findFirst().map(report -> root.resolve(report.name()));
    }

    /** Deletes the oldest finished reports beyond {@code keep}, so a generator running for weeks stays bounded. */
    void prune(int keep) {
        List<Report> reports = finished();
        for (Report old : reports.subList(Math.min(keep, reports.size()), reports.size())) {
            deleteTree(root.resolve(old.name()));
            log.info("Deleted old report {}", old.name());
        }
    }

    /** The file a request path below the reports folder names, if it exists and stays inside the folder. */
    Optional<Path> file(String relativePath) {
        Path file = root.resolve(relativePath).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            return Optional.empty();
        }
        if (Files.isDirectory(file)) {
            file = file.resolve("index.html");
        }
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            log.warn("Could not delete old report {}: {}", dir, e.toString());
        }
    }
}
