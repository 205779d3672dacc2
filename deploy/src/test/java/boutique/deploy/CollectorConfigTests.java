package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy/otelcol/otelcol-config.yaml: its pipelines, and the addresses it shares with the rest of the stack. */
class CollectorConfigTests {

    private final Map<String, Object> config = Observability.collector();
    private final Map<String, String> env = DeployFiles.env();

    @Test
    void pipelines_nameOnlyComponentsTheConfigDefines() {
        assertThat(undefinedComponents(config)).isEmpty();
    }

    @Test
    void undefinedComponents_findsAMisspeltExporter() {
        String misspelt = DeployFiles.read(Observability.COLLECTOR)
                .replace(
                        "exporters: [otlp_grpc/jaeger, spanmetrics, debug]",
                        "exporters: [otlp_grpc/jaegr, spanmetrics, debug]");

        assertThat(undefinedComponents(DeployFiles.yaml(misspelt)))
                .containsExactly("traces pipeline: exporters otlp_grpc/jaegr is not defined");
    }

    @Test
    void components_eachDefinedOneIsUsed() {
        Set<String> used = new HashSet<>();
        Observability.pipelines(config).values().forEach(pipeline -> {
            for (String role : List.of("receivers", "processors", "exporters")) {
                used.addAll(Observability.names(pipeline, role));
            }
        });
        used.addAll(DeployFiles.list(DeployFiles.at(config, "service", "extensions")).stream()
                .map(String::valueOf)
                .toList());

        for (String kind : List.of("receivers", "processors", "exporters", "connectors", "extensions")) {
            assertThat(used)
                    .as(kind)
                    .containsAll(DeployFiles.map(config.get(kind)).keySet());
        }
    }

    @Test
    void pipelines_sendTracesToJaegerAndSpanMetricsMetricsToPrometheusAndLogsToDebug() {
        Map<String, Map<String, Object>> pipelines = Observability.pipelines(config);

        assertThat(pipelines).containsOnlyKeys("traces", "metrics", "logs");
        assertThat(Observability.names(pipelines.get("traces"), "receivers")).containsExactly("otlp");
        assertThat(Observability.names(pipelines.get("traces"), "exporters"))
                .containsExactlyInAnyOrder("otlp_grpc/jaeger", "spanmetrics", "debug");
        assertThat(Observability.names(pipelines.get("metrics"), "receivers"))
                .containsExactlyInAnyOrder("otlp", "spanmetrics");
        assertThat(Observability.names(pipelines.get("metrics"), "exporters")).contains("prometheus");
        assertThat(Observability.names(pipelines.get("logs"), "receivers")).containsExactly("otlp");
        assertThat(Observability.names(pipelines.get("logs"), "exporters")).containsExactly("debug");
    }

    @Test
    void spanmetrics_isAConnectorFromTracesToMetrics() {
        Map<String, Map<String, Object>> pipelines = Observability.pipelines(config);

        assertThat(DeployFiles.map(config.get("connectors"))).containsKey("spanmetrics");
        assertThat(DeployFiles.map(config.get("exporters"))).doesNotContainKey("spanmetrics");
        assertThat(DeployFiles.map(config.get("receivers"))).doesNotContainKey("spanmetrics");
        pipelines.forEach((name, pipeline) -> {
            boolean traces = name.equals("traces") || name.startsWith("traces/");
            boolean metrics = name.equals("metrics") || name.startsWith("metrics/");
            assertThat(Observability.names(pipeline, "exporters").contains("spanmetrics"))
                    .as("%s exports to spanmetrics", name)
                    .isEqualTo(traces);
            assertThat(Observability.names(pipeline, "receivers").contains("spanmetrics"))
                    .as("%s receives from spanmetrics", name)
                    .isEqualTo(metrics);
        });
    }

    @Test
    void pipelines_limitMemoryFirst() {
        Observability.pipelines(config)
                .forEach((name, pipeline) -> assertThat(Observability.names(pipeline, "processors"))
                        .as(name)
                        .startsWith("memory_limiter"));
        assertThat(DeployFiles.at(config, "processors", "memory_limiter", "limit_percentage"))
                .isEqualTo(80);
    }

    @Test
    void traces_areBatchedInTheSendingQueueOfTheJaegerExporter() {
        assertThat(DeployFiles.at(config, "exporters", "otlp_grpc/jaeger", "sending_queue", "batch"))
                .isNotNull();
    }

    @Test
    void components_useTheNamesOfThisCollectorVersion() {
        // Collector 0.144 renamed the otlp and otlphttp exporters (old names log a deprecation) and the batch
        // processor is deprecated for the exporters' own batching; logging became debug long ago.
        Set<String> exporterTypes = new HashSet<>();
        DeployFiles.map(config.get("exporters")).keySet().forEach(id -> exporterTypes.add(id.split("/")[0]));
        Set<String> processorTypes = new HashSet<>();
        DeployFiles.map(config.get("processors")).keySet().forEach(id -> processorTypes.add(id.split("/")[0]));

        assertThat(exporterTypes).doesNotContain("otlp", "otlphttp", "logging");
        assertThat(processorTypes).doesNotContain("batch");
        String image =
                String.valueOf(DeployFiles.at(DeployFiles.composeServices().get("otelcol"), "image"));
        assertThat(image).matches("otel/opentelemetry-collector-contrib:0\\.\\d+\\.\\d+");
        assertThat(Integer.parseInt(image.split("\\.")[1])).isGreaterThanOrEqualTo(144);
    }

    @Test
    void otlpReceiver_takesGrpcAndHttpFromOtherContainersAndFromBrowsers() {
        Object protocols = DeployFiles.at(config, "receivers", "otlp", "protocols");

        assertThat(String.valueOf(DeployFiles.at(protocols, "grpc", "endpoint")))
                .isEqualTo("0.0.0.0:4317");
        assertThat(String.valueOf(DeployFiles.at(protocols, "http", "endpoint")))
                .isEqualTo("0.0.0.0:4318");
        assertThat(DeployFiles.list(DeployFiles.at(protocols, "http", "cors", "allowed_origins")))
                .containsExactlyInAnyOrder("http://*", "https://*");
    }

    @Test
    void servicesExportTo_theCollectorsGrpcReceiver() {
        for (String variable : List.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")) {
            Addresses.Target target = Addresses.parse(env.get(variable));

            assertThat(target.host()).as(variable).isEqualTo("otelcol");
            assertThat(target.port())
                    .as(variable)
                    .isEqualTo(Observability.port(
                            DeployFiles.at(config, "receivers", "otlp", "protocols", "grpc", "endpoint")));
        }
    }

    @Test
    void traces_goToJaegersOtlpReceiverInPlainText() {
        Object exporter = DeployFiles.at(config, "exporters", "otlp_grpc/jaeger");
        Addresses.Target target = Addresses.parse(String.valueOf(DeployFiles.at(exporter, "endpoint")));

        assertThat(target.host()).isEqualTo(env.get("JAEGER_SERVICE_HOST"));
        assertThat(target.port())
                .isEqualTo(Observability.port(
                        DeployFiles.at(Observability.jaeger(), "receivers", "otlp", "protocols", "grpc", "endpoint")));
        assertThat(DeployFiles.at(exporter, "tls", "insecure")).isEqualTo(true);
    }

    @Test
    void metrics_areServedToPrometheusWithEachServicesName() {
        Object exporter = DeployFiles.at(config, "exporters", "prometheus");

        assertThat(String.valueOf(DeployFiles.at(exporter, "endpoint"))).startsWith("0.0.0.0:");
        // The dashboards group the services' own metrics by service_name, a resource attribute.
        assertThat(DeployFiles.at(exporter, "resource_to_telemetry_conversion", "enabled"))
                .isEqualTo(true);
    }

    @Test
    void spanMetrics_haveTheNamesTheDashboardsQuery() {
        Object spanmetrics = DeployFiles.at(config, "connectors", "spanmetrics");
        String prefix = String.valueOf(DeployFiles.at(spanmetrics, "namespace")).replace('.', '_');
        String unit = switch (String.valueOf(DeployFiles.at(spanmetrics, "histogram", "unit"))) {
            case "ms" -> "milliseconds";
            case "s" -> "seconds";
            default -> throw new AssertionError("unknown unit");
        };

        assertThat(PipelineMetrics.SOURCES)
                .containsKeys(prefix + "_calls_total", prefix + "_duration_" + unit + "_bucket");
        // The dashboards' rates assume cumulative sums, as Prometheus needs them.
        assertThat(DeployFiles.at(spanmetrics, "aggregation_temporality"))
                .isEqualTo("AGGREGATION_TEMPORALITY_CUMULATIVE");
    }

    @Test
    void ownMetrics_areServedOnAllInterfacesUnderTheirDocumentedNames() {
        Map<String, Object> exporter = Observability.telemetryExporter(config);

        assertThat(exporter.get("host")).isEqualTo("0.0.0.0");
        // Without these the same instruments would be otelcol_receiver_accepted_spans_total,
        // otelcol_process_memory_rss_bytes, ...: the dashboards query the names without suffixes.
        assertThat(exporter).containsEntry("without_units", true).containsEntry("without_type_suffix", true);
        assertThat(PipelineMetrics.SOURCES.keySet())
                .filteredOn(name -> name.startsWith("otelcol_"))
                .allSatisfy(name -> assertThat(name).doesNotEndWith("_total"));
    }

    /** Each pipeline's receivers, processors and exporters that the config does not define, as messages. */
    private static List<String> undefinedComponents(Map<String, Object> config) {
        Set<String> connectors = DeployFiles.map(config.get("connectors")).keySet();
        List<String> problems = new ArrayList<>();
        Observability.pipelines(config).forEach((name, pipeline) -> {
            for (String role : List.of("receivers", "processors", "exporters")) {
                Set<String> defined =
                        new HashSet<>(DeployFiles.map(config.get(role)).keySet());
                if (!role.equals("processors")) {
                    defined.addAll(connectors);
                }
                for (String component : Observability.names(pipeline, role)) {
                    if (!defined.contains(component)) {
                        problems.add(name + " pipeline: " + role + " " + component + " is not defined");
                    }
                }
            }
        });
        DeployFiles.list(DeployFiles.at(config, "service", "extensions")).forEach(extension -> {
            if (!DeployFiles.map(config.get("extensions")).containsKey(String.valueOf(extension))) {
                problems.add("extension " + extension + " is not defined");
            }
        });
        return problems;
    }
}
