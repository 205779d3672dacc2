package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** deploy/jaeger/jaeger-config.yaml: Jaeger v2 takes OTLP, keeps traces in memory, serves /jaeger/ui. */
class JaegerConfigTests {

    private final Map<String, Object> config = Observability.jaeger();
    private final Map<String, String> env = DeployFiles.env();

    @Test
    void ui_isServedUnderTheBasePathEnvoyRoutesOnThePortOfTheEnvFile() {
        assertThat(DeployFiles.at(config, "extensions", "jaeger_query", "base_path"))
                .isEqualTo("/jaeger/ui");
        assertThat(String.valueOf(DeployFiles.at(config, "extensions", "jaeger_query", "http", "endpoint")))
                .isEqualTo("0.0.0.0:" + env.get("JAEGER_SERVICE_PORT"));
        assertThat(DeployFiles.composeServices()).containsKey(env.get("JAEGER_SERVICE_HOST"));
    }

    @Test
    void traces_fromOtlpAreStoredWhereTheUiReadsThem() {
        Map<String, Object> pipeline = Observability.pipelines(config).get("traces");
        String storage =
                String.valueOf(DeployFiles.at(config, "exporters", "jaeger_storage_exporter", "trace_storage"));

        assertThat(String.valueOf(DeployFiles.at(config, "receivers", "otlp", "protocols", "grpc", "endpoint")))
                .startsWith("0.0.0.0:");
        assertThat(Observability.names(pipeline, "receivers")).containsExactly("otlp");
        assertThat(Observability.names(pipeline, "exporters")).containsExactly("jaeger_storage_exporter");
        assertThat(DeployFiles.at(config, "extensions", "jaeger_query", "storage", "traces"))
                .isEqualTo(storage);
        assertThat(DeployFiles.map(DeployFiles.at(config, "extensions", "jaeger_storage", "backends")))
                .containsKey(storage);
        assertThat(DeployFiles.list(DeployFiles.at(config, "service", "extensions")))
                .containsExactlyInAnyOrder("jaeger_storage", "jaeger_query");
        for (String role : List.of("receivers", "processors", "exporters")) {
            assertThat(DeployFiles.map(config.get(role)).keySet())
                    .as(role)
                    .containsAll(Observability.names(pipeline, role));
        }
    }

    @Test
    void memoryStore_keepsABoundedNumberOfTraces() {
        Object maxTraces =
                DeployFiles.at(config, "extensions", "jaeger_storage", "backends", "in_memory", "memory", "max_traces");

        // The reference kept 10,000 in 275 MB; ours stay well inside the container's limit (see compose).
        assertThat((Integer) maxTraces).isBetween(1000, 10000);
    }
}
