package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/prometheus/prometheus.yaml and its flags: it scrapes what the collector exposes, for an hour. */
class PrometheusConfigTests {

    private final Map<String, Object> config = Observability.prometheus();
    private final Map<String, Object> collector = Observability.collector();
    private final Map<String, String> env = DeployFiles.env();

    @Test
    void scrapes_theCollectorsExporterAndItsOwnMetrics() {
        String exporter =
                "otelcol:" + Observability.port(DeployFiles.at(collector, "exporters", "prometheus", "endpoint"));
        String own = "otelcol:" + Observability.collectorTelemetryPort(collector);

        assertThat(targets()).containsExactlyInAnyOrder(exporter, own);
        assertThat(DeployFiles.composeServices()).containsKey("otelcol");
    }

    @Test
    void scrapeOfTheExporter_keepsTheJobOfEachService() {
        String exporter =
                "otelcol:" + Observability.port(DeployFiles.at(collector, "exporters", "prometheus", "endpoint"));
        Object job = DeployFiles.list(config.get("scrape_configs")).stream()
                .filter(j -> targets(j).contains(exporter))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job scrapes " + exporter));

        assertThat(DeployFiles.at(job, "honor_labels")).isEqualTo(true);
    }

    @Test
    void prometheus_readsThisFileAndKeepsOneHour() {
        Map<String, Object> service =
                DeployFiles.map(DeployFiles.composeServices().get("prometheus"));
        List<String> command = DeployFiles.list(service.get("command")).stream()
                .map(String::valueOf)
                .toList();

        assertThat(command).contains("--storage.tsdb.retention.time=1h");
        assertThat(Volumes.compose(service))
                .containsEntry(
                        command.stream()
                                .filter(flag -> flag.startsWith("--config.file="))
                                .findFirst()
                                .orElseThrow()
                                .substring("--config.file=".length()),
                        Observability.PROMETHEUS);
        assertThat(command).noneMatch(flag -> flag.startsWith("--web.listen-address"));
        assertThat(env).containsEntry("PROMETHEUS_SERVICE_HOST", "prometheus");
        assertThat(Integer.valueOf(env.get("PROMETHEUS_SERVICE_PORT"))).isEqualTo(Observability.PROMETHEUS_PORT);
    }

    private List<String> targets() {
        return DeployFiles.list(config.get("scrape_configs")).stream()
                .flatMap(job -> targets(job).stream())
                .toList();
    }

    private static List<String> targets(Object job) {
        return DeployFiles.list(job == null ? null : DeployFiles.at(job, "static_configs")).stream()
                .flatMap(c -> DeployFiles.list(DeployFiles.at(c, "targets")).stream())
                .map(String::valueOf)
                .toList();
    }
}
