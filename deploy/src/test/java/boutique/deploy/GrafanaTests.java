package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Grafana's provisioning and the shop's dashboards: data sources, files, and the PromQL they run. */
class GrafanaTests {

    private final Map<String, String> env = DeployFiles.env();
    private final List<Object> datasources = DeployFiles.list(
            DeployFiles.yaml(DeployFiles.read(Observability.DATASOURCES)).get("datasources"));
    private final Map<String, JsonObject> dashboards = dashboards();

    @Test
    void datasources_arePrometheusAndJaegerUnderItsBasePath() {
        Object prometheus = datasource("prometheus");
        Object jaeger = datasource("jaeger");

        assertThat(DeployFiles.at(prometheus, "url"))
                .isEqualTo("http://" + env.get("PROMETHEUS_SERVICE_HOST") + ":" + env.get("PROMETHEUS_SERVICE_PORT"));
        assertThat(DeployFiles.at(prometheus, "isDefault")).isEqualTo(true);
        assertThat(DeployFiles.at(jaeger, "url"))
                .isEqualTo("http://" + env.get("JAEGER_SERVICE_HOST") + ":" + env.get("JAEGER_SERVICE_PORT")
                        + DeployFiles.at(Observability.jaeger(), "extensions", "jaeger_query", "base_path"));
        assertThat(DeployFiles.composeServices())
                .containsKeys(env.get("PROMETHEUS_SERVICE_HOST"), env.get("JAEGER_SERVICE_HOST"));
        assertThat(datasourceUids()).doesNotHaveDuplicates();
    }

    @Test
    void dashboards_areProvisionedFromTheFolderComposeMounts() {
        Object provider = DeployFiles.list(DeployFiles.yaml(DeployFiles.read(Observability.DASHBOARD_PROVIDER))
                        .get("providers"))
                .get(0);
        Map<String, String> mounts =
                Volumes.compose(DeployFiles.map(DeployFiles.composeServices().get("grafana")));

        assertThat(DeployFiles.at(provider, "type")).isEqualTo("file");
        assertThat(mounts)
                .contains(
                        entry(String.valueOf(DeployFiles.at(provider, "options", "path")), Observability.DASHBOARDS),
                        entry("/etc/grafana/provisioning/dashboards", "deploy/grafana/provisioning/dashboards"),
                        entry("/etc/grafana/provisioning/datasources", "deploy/grafana/provisioning/datasources"));
        assertThat(dashboards).hasSize(4);
    }

    @Test
    void dashboards_eachHaveAUniqueUidAndTitle() {
        List<String> uids = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        dashboards.values().forEach(d -> {
            uids.add(d.get("uid").getAsString());
            titles.add(d.get("title").getAsString());
        });

        assertThat(uids).doesNotHaveDuplicates().allMatch(uid -> uid.matches("[a-z0-9-]{1,40}"));
        assertThat(titles).doesNotHaveDuplicates();
    }

    @Test
    void strictJson_rejectsWhatGrafanaWouldNot() {
        assertThatThrownBy(() -> Observability.strictJson("{\"a\": 1, // a comment\n}"))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> Observability.strictJson("{\"a\": 1} {}")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void dashboards_useOnlyProvisionedDatasources() {
        Set<String> uids = new LinkedHashSet<>(datasourceUids());
        dashboards.forEach((file, dashboard) -> {
            List<JsonElement> references = new ArrayList<>();
            walk(dashboard, "datasource", references::add);

            assertThat(references).as(file).isNotEmpty();
            for (JsonElement reference : references) {
                assertThat(reference.isJsonObject())
                        .as("%s: a datasource named by uid: %s", file, reference)
                        .isTrue();
                assertThat(reference.getAsJsonObject().get("uid").getAsString())
                        .as(file)
                        .isIn(uids);
            }
            panels(dashboard).stream()
                    .filter(p -> !p.get("type").getAsString().equals("row"))
                    .forEach(panel -> assertThat(panel.has("datasource"))
                            .as("%s: panel %s", file, panel.get("title"))
                            .isTrue());
        });
    }

    @Test
    void dashboards_queryOnlyMetricsThePipelineProduces() {
        Set<String> queried = new LinkedHashSet<>();
        queries().forEach((where, names) -> {
            assertThat(names).as(where).isNotEmpty();
            assertThat(PipelineMetrics.SOURCES).as(where).containsKeys(names.toArray(String[]::new));
            queried.addAll(names);
        });

        // The list holds what the dashboards use and nothing else, so it stays true.
        assertThat(queried).containsExactlyInAnyOrderElementsOf(PipelineMetrics.SOURCES.keySet());
    }

    @Test
    void servicesDashboard_showsRateErrorsAndDurationPercentilesPerService() {
        String exprs = String.join("\n", expressions("services.json"));

        assertThat(exprs)
                .contains("sum by (service_name) (rate(traces_span_metrics_calls_total{span_kind=\"SPAN_KIND_SERVER\"")
                .contains("status_code=\"STATUS_CODE_ERROR\"")
                .contains("histogram_quantile(0.50, sum by (service_name, le)")
                .contains("histogram_quantile(0.95, sum by (service_name, le)")
                .contains("histogram_quantile(0.99, sum by (service_name, le)");
    }

    @Test
    void otherDashboards_showJvmMemoryAndGcTheBusinessCountersAndTheCollectorsHealth() {
        assertThat(metrics("jvm.json"))
                .contains("jvm_memory_used_bytes", "jvm_gc_duration_seconds_sum", "jvm_cpu_recent_utilization_ratio");
        assertThat(String.join("\n", expressions("jvm.json"))).contains("by (service_name)");
        assertThat(metrics("business.json")).contains("app_recommendations_counter_total", "app_ads_ad_requests_total");
        assertThat(String.join("\n", expressions("business.json")))
                .contains("recommendation_type", "app_ads_ad_request_type", "app_ads_ad_response_type");
        assertThat(metrics("collector.json"))
                .contains(
                        "otelcol_receiver_accepted_spans",
                        "otelcol_receiver_refused_spans",
                        "otelcol_exporter_queue_size",
                        "otelcol_process_memory_rss");
    }

    @Test
    void promQl_metricNamesSkipFunctionsLabelsRangesAndVariables() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (service_name, le) (rate(x_bucket{a=\"b\","
                        + " c=~\"$service\"}[$__rate_interval]))) / on (job) group_left y_total offset 5m > bool 0"))
                .containsExactly("x_bucket", "y_total");
        assertThat(PromQl.variableMetricNames("label_values(jvm_memory_used_bytes{a=\"b, c\"}, service_name)"))
                .containsExactly("jvm_memory_used_bytes");
    }

    @Test
    void grafana_isServedFromTheSubPathGrafanaToAnonymousAdmins() {
        Map<String, Object> environment =
                DeployFiles.map(DeployFiles.at(DeployFiles.composeServices().get("grafana"), "environment"));

        assertThat(environment)
                .contains(
                        entry("GF_SERVER_ROOT_URL", "%(protocol)s://%(domain)s:%(http_port)s/grafana/"),
                        entry("GF_SERVER_SERVE_FROM_SUB_PATH", "true"),
                        entry("GF_AUTH_ANONYMOUS_ENABLED", "true"),
                        entry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Admin"))
                .doesNotContainKey("GF_SERVER_HTTP_PORT");
        assertThat(Integer.valueOf(env.get("GRAFANA_SERVICE_PORT"))).isEqualTo(Observability.GRAFANA_PORT);
        assertThat(DeployFiles.composeServices()).containsKey(env.get("GRAFANA_SERVICE_HOST"));
    }

    /** Every query of every dashboard (panel targets and template variables), by where it is, as metric names. */
    private Map<String, Set<String>> queries() {
        Map<String, Set<String>> queries = new LinkedHashMap<>();
        dashboards.forEach((file, dashboard) -> {
            for (JsonObject panel : panels(dashboard)) {
                JsonArray targets = panel.has("targets") ? panel.getAsJsonArray("targets") : new JsonArray();
                for (JsonElement target : targets) {
                    String expr = target.getAsJsonObject().get("expr").getAsString();
                    queries.put(
                            file + " / " + panel.get("title").getAsString() + " / " + expr, PromQl.metricNames(expr));
                }
            }
            for (JsonElement variable : dashboard.getAsJsonObject("templating").getAsJsonArray("list")) {
                JsonObject query = variable.getAsJsonObject().getAsJsonObject("query");
                String text = query.get("query").getAsString();
                queries.put(
                        file + " / $" + variable.getAsJsonObject().get("name").getAsString(),
                        PromQl.variableMetricNames(text));
            }
        });
        return queries;
    }

    private List<String> expressions(String file) {
        List<String> expressions = new ArrayList<>();
        for (JsonObject panel : panels(dashboards.get(file))) {
            if (panel.has("targets")) {
                panel.getAsJsonArray("targets")
                        .forEach(t ->
                                expressions.add(t.getAsJsonObject().get("expr").getAsString()));
            }
        }
        return expressions;
    }

    private Set<String> metrics(String file) {
        Set<String> names = new LinkedHashSet<>();
        expressions(file).forEach(e -> names.addAll(PromQl.metricNames(e)));
        return names;
    }

    private static List<JsonObject> panels(JsonObject dashboard) {
        List<JsonObject> panels = new ArrayList<>();
        for (JsonElement panel : dashboard.getAsJsonArray("panels")) {
            panels.add(panel.getAsJsonObject());
            if (panel.getAsJsonObject().has("panels")) {
                panel.getAsJsonObject().getAsJsonArray("panels").forEach(p -> panels.add(p.getAsJsonObject()));
            }
        }
        return panels;
    }

    /** Every value under the given key anywhere in the tree. */
    private static void walk(JsonElement element, String key, Consumer<JsonElement> found) {
        if (element.isJsonObject()) {
            element.getAsJsonObject().entrySet().forEach(e -> {
                if (e.getKey().equals(key)) {
                    found.accept(e.getValue());
                }
                walk(e.getValue(), key, found);
            });
        } else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(e -> walk(e, key, found));
        }
    }

    private Object datasource(String type) {
        return datasources.stream()
                .filter(d -> type.equals(DeployFiles.at(d, "type")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " datasource"));
    }

    private List<String> datasourceUids() {
        return datasources.stream()
                .map(d -> String.valueOf(DeployFiles.at(d, "uid")))
                .toList();
    }

    private static Map<String, JsonObject> dashboards() {
        Map<String, JsonObject> dashboards = new LinkedHashMap<>();
        Observability.dashboardFiles().forEach((file, text) -> {
            try {
                dashboards.put(file, Observability.strictJson(text).getAsJsonObject());
            } catch (RuntimeException e) {
                throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
            }
        });
        return dashboards;
    }
}
