package boutique.deploy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the observability stack's files the way its programs do: the collector's and Jaeger's YAML configs,
 * Prometheus' scrape config, Grafana's provisioning and dashboards, and the ports each one listens on.
 */
final class Observability {

    static final String COLLECTOR = "deploy/otelcol/otelcol-config.yaml";
    static final String JAEGER = "deploy/jaeger/jaeger-config.yaml";
    static final String PROMETHEUS = "deploy/prometheus/prometheus.yaml";
    static final String DATASOURCES = "deploy/grafana/provisioning/datasources/datasources.yaml";
    static final String DASHBOARD_PROVIDER = "deploy/grafana/provisioning/dashboards/dashboards.yaml";
    static final String DASHBOARDS = "deploy/grafana/dashboards";

    /** Prometheus' default listen address; neither compose nor Kubernetes passes --web.listen-address. */
    static final int PROMETHEUS_PORT = 9090;

    /** Grafana's default http_port; neither compose nor Kubernetes sets GF_SERVER_HTTP_PORT. */
    static final int GRAFANA_PORT = 3000;

    private Observability() {}

    static Map<String, Object> collector() {
        return DeployFiles.yaml(DeployFiles.read(COLLECTOR));
    }

    static Map<String, Object> jaeger() {
        return DeployFiles.yaml(DeployFiles.read(JAEGER));
    }

    static Map<String, Object> prometheus() {
        return DeployFiles.yaml(DeployFiles.read(PROMETHEUS));
    }

    /** The collector's pipelines by name, each with its receivers, processors and exporters. */
    static Map<String, Map<String, Object>> pipelines(Map<String, Object> config) {
        Map<String, Map<String, Object>> pipelines = new LinkedHashMap<>();
        DeployFiles.map(DeployFiles.at(config, "service", "pipelines"))
                .forEach((name, pipeline) -> pipelines.put(name, DeployFiles.map(pipeline)));
        return pipelines;
    }

    static List<String> names(Map<String, Object> pipeline, String role) {
        return DeployFiles.list(pipeline.get(role)).stream()
                .map(String::valueOf)
                .toList();
    }

    /** Every port the collector listens on: OTLP receivers, the Prometheus exporter, its own metrics, health. */
    static Set<Integer> collectorPorts() {
        Map<String, Object> config = collector();
        Set<Integer> ports = new LinkedHashSet<>();
        ports.add(port(DeployFiles.at(config, "receivers", "otlp", "protocols", "grpc", "endpoint")));
        ports.add(port(DeployFiles.at(config, "receivers", "otlp", "protocols", "http", "endpoint")));
        ports.add(port(DeployFiles.at(config, "exporters", "prometheus", "endpoint")));
        ports.add(collectorTelemetryPort(config));
        ports.add(port(DeployFiles.at(config, "extensions", "health_check", "endpoint")));
        return ports;
    }

    /** The port of the collector's own metrics: its one pull reader's Prometheus exporter. */
    static int collectorTelemetryPort(Map<String, Object> config) {
        return (Integer) DeployFiles.at(telemetryExporter(config), "port");
    }

    static Map<String, Object> telemetryExporter(Map<String, Object> config) {
        List<Object> readers = DeployFiles.list(DeployFiles.at(config, "service", "telemetry", "metrics", "readers"));
        if (readers.size() != 1) {
            throw new AssertionError("expected one reader of the collector's own metrics, found " + readers);
        }
        return DeployFiles.map(DeployFiles.at(readers.get(0), "pull", "exporter", "prometheus"));
    }

    /** Every port Jaeger listens on: its OTLP receiver and its UI and API. */
    static Set<Integer> jaegerPorts() {
        Map<String, Object> config = jaeger();
        Set<Integer> ports = new LinkedHashSet<>();
        ports.add(port(DeployFiles.at(config, "receivers", "otlp", "protocols", "grpc", "endpoint")));
        ports.add(jaegerUiPort(config));
        return ports;
    }

    static int jaegerUiPort(Map<String, Object> config) {
        return port(DeployFiles.at(config, "extensions", "jaeger_query", "http", "endpoint"));
    }

    /** The port of a {@code host:port} endpoint; a missing endpoint fails rather than guess the default. */
    static int port(Object endpoint) {
        if (endpoint == null) {
            throw new AssertionError("an endpoint is not set: the program would pick its own default address");
        }
        return Addresses.parse(String.valueOf(endpoint)).port();
    }

    /** The dashboard files by file name. */
    static Map<String, String> dashboardFiles() {
        return filesIn(DASHBOARDS, ".json");
    }

    /** The files of a repository folder by file name, with their text. */
    static Map<String, String> filesIn(String folder, String suffix) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(DeployFiles.path(folder))) {
            for (Path file :
                    list.filter(f -> f.toString().endsWith(suffix)).sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Parses JSON strictly (no comments, no unquoted names, nothing after the document), as Grafana does. */
    static JsonElement strictJson(String json) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("text after the JSON document");
            }
            return element;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
