package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import boutique.kit.testing.OtlpReceiver;
import boutique.kit.testing.ServiceProcess;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar as a process, configured only by environment variables as compose runs it, against a fake
 * frontend that records the requests and a stand-in collector that records what arrives over OTLP.
 */
class TelemetryIT {

    private static final Set<String> JVM_METRICS = Set.of("jvm.memory.used", "jvm.thread.count", "jvm.class.loaded");

    @TempDir
    Path dir;

    private record Run(int exitCode, String output, List<FakeShop.Recorded> requests) {}

    @Test
    void exportsItsTaskSpansRuntimeMetricsAndLogs_andEveryTraceparentNamesAnExportedSpan() throws Exception {
        Run run;
        List<OtlpReceiver.ReceivedSpan> spans;
        try (OtlpReceiver collector = new OtlpReceiver()) {
            // The default metric interval (60 s) is longer than the run: the metrics come with the flush at exit.
            run = runShoppers(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()));
            spans = collector.spans();
            assertThat(collector.metricNames()).containsOnlyKeys("loadgenerator");
            assertThat(collector.metricNames().get("loadgenerator")).containsAll(JVM_METRICS);
            assertThat(collector.logs()).anySatisfy(log -> {
                assertThat(log.service()).isEqualTo("loadgenerator");
                assertThat(log.body()).startsWith("Run 1: 2 shoppers against http://127.0.0.1:");
            });
        }

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).doesNotContain("export failed");
        assertThat(spans).isNotEmpty().allSatisfy(span -> {
            assertThat(span.service()).isEqualTo("loadgenerator");
            assertThat(span.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(span.isRoot()).isTrue();
        });
        Set<String> exported =
                spans.stream().map(span -> span.traceId() + "-" + span.spanId()).collect(Collectors.toSet());
        assertThat(run.requests()).hasSizeGreaterThan(20).allSatisfy(request -> {
            assertThat(request.headers()).containsEntry("baggage", "synthetic_request=true");
            String traceparent = request.headers().get("traceparent");
            assertThat(traceparent).isNotNull();
            assertThat(exported).as("the span %s names", traceparent).contains(traceparent.substring(3, 52));
        });
    }

    @Test
    void stoppedMidRun_endsTheOpenTaskSpansAndExportsThemBeforeExiting() throws Exception {
        List<FakeShop.Recorded> requests;
        Set<String> exported;
        try (OtlpReceiver collector = new OtlpReceiver();
                FakeShop shop = new FakeShop(Set.of())) {
            Process process = start(
                    shop,
                    Map.of(
                            "LOCUST_AUTOSTART", "true",
                            // No pauses: the shoppers are always inside a task when the signal comes.
                            "LOADGEN_PAUSE_SCALE", "0",
                            "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()));
            while (shop.requests().size() < 50 && process.isAlive()) {
                Thread.sleep(50);
            }
            process.destroy(); // SIGTERM, as docker stop sends
            exitCode(process);
            requests = shop.requests();
            exported = collector.spans().stream()
                    .map(span -> span.traceId() + "-" + span.spanId())
                    .collect(Collectors.toSet());
        }

        assertThat(requests).as(output()).hasSizeGreaterThanOrEqualTo(50);
        // Each request names an exported span, or (started while the process stopped) a parent receivers ignore.
        assertThat(requests).allSatisfy(request -> {
            String parent = request.headers().get("traceparent").substring(3, 52);
            if (!parent.equals("00000000000000000000000000000000-0000000000000000")) {
                assertThat(exported).as("the span %s names", parent).contains(parent);
            }
        });
    }

    @Test
    void collectorUnreachable_staysQuiet_andTheRunPasses() throws Exception {
        Run run = runShoppers(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + ServiceProcess.freePort()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.requests())
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.headers()).containsKey("traceparent"));
        // At most one line names the problem; the exporters' own lines (one per failed export) never show.
        assertThat(run.output()
                        .lines()
                        .filter(line -> line.toLowerCase(Locale.ROOT).contains("export")))
                .as(run.output())
                .hasSizeLessThanOrEqualTo(1)
                .allSatisfy(
                        line -> assertThat(line).contains("Telemetry export failed, later failures are not logged"));
        assertThat(run.output()).doesNotContain("SEVERE", "WARNING", "io.opentelemetry");
    }

    @Test
    void sdkDisabled_sendsNoTraceparentAndExportsNothing() throws Exception {
        Run run;
        try (OtlpReceiver collector = new OtlpReceiver()) {
            run = runShoppers(Map.of("OTEL_SDK_DISABLED", "true", "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint()));
            assertThat(collector.spans()).isEmpty();
            assertThat(collector.metricNames()).isEmpty();
            assertThat(collector.logs()).isEmpty();
        }

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.requests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.headers()).containsEntry("baggage", "synthetic_request=true");
            assertThat(request.headers()).doesNotContainKey("traceparent");
        });
    }

    @Test
    void tracesExporterNone_sendsNoTraceparent_whileMetricsAndLogsStillGo_underTheServiceNameSet() throws Exception {
        Run run;
        try (OtlpReceiver collector = new OtlpReceiver()) {
            run = runShoppers(Map.of(
                    "OTEL_TRACES_EXPORTER", "none",
                    "OTEL_SERVICE_NAME", "loadgen-ci",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint(),
                    "OTEL_METRIC_EXPORT_INTERVAL", "1000"));
            assertThat(collector.spans()).isEmpty();
            assertThat(collector.metricNames()).containsOnlyKeys("loadgen-ci");
            assertThat(collector.logs())
                    .isNotEmpty()
                    .allSatisfy(log -> assertThat(log.service()).isEqualTo("loadgen-ci"));
        }

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.requests())
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.headers()).doesNotContainKey("traceparent"));
    }

    @Test
    void badOtelValue_stopsTheStartWithExitCode64() throws Exception {
        Run run = runShoppers(Map.of("OTEL_TRACES_EXPORTER", "nonesuch"));

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.output()).contains("loadgenerator: ", "nonesuch");
        assertThat(run.requests()).isEmpty();
    }

    /** Two shoppers for 3 s, headless, against a fake frontend, with these variables and no other OTEL_* ones. */
    private Run runShoppers(Map<String, String> otelVariables) throws Exception {
        try (FakeShop shop = new FakeShop(Set.of())) {
            Map<String, String> env = new HashMap<>(otelVariables);
            env.putAll(Map.of("LOCUST_RUN_TIME", "3s", "LOCUST_HEADLESS", "true"));
            Process process = start(shop, env);
            return new Run(exitCode(process), output(), shop.requests());
        }
    }

    /** The jar with two shoppers against {@code shop}, with these variables and no other OTEL_* ones. */
    private Process start(FakeShop shop, Map<String, String> variables) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx128m",
                        "-jar",
                        jar().toString(),
                        "shoppers")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.txt").toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(
                        name -> name.startsWith("OTEL_") || name.startsWith("LOCUST_") || name.startsWith("LOADGEN_"));
        env.putAll(Map.of(
                "LOCUST_HOST", shop.url(),
                "LOCUST_USERS", "2",
                "LOCUST_SPAWN_RATE", "20",
                "LOCUST_WEB_PORT", "0",
                "LOADGEN_PAUSE_SCALE", "0.01",
                "LOADGEN_RESULTS_DIR", dir.resolve("reports").toString()));
        env.putAll(variables);
        return builder.start();
    }

    private int exitCode(Process process) throws Exception {
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the load generator did not exit: " + output());
        }
        return process.exitValue();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().matches("loadgenerator-.*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("build the jar first: mvn package"));
        }
    }
}
