package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteAction;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.trace.v3.OpenTelemetryConfig;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvoyConfigTests {

    private final Bootstrap bootstrap = EnvoyConfig.load();
    private final Map<String, String> env = DeployFiles.env();

    @Test
    void parse_misspeltField_fails() {
        String misspelt = DeployFiles.read(EnvoyConfig.FILE).replace("prefix_rewrite:", "prefix_rewrit:");

        assertThatThrownBy(() -> EnvoyConfig.parse(misspelt))
                .isInstanceOf(InvalidProtocolBufferException.class)
                .hasMessageContaining("prefix_rewrit");
    }

    @Test
    void parse_wrongTypeInTypedConfig_fails() {
        String wrongType = DeployFiles.read(EnvoyConfig.FILE).replace("codec_type: AUTO", "codec_type: 7 ports");

        assertThatThrownBy(() -> EnvoyConfig.parse(wrongType)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void listener_isOnAllInterfacesAtThePortComposePublishesAsEnvoyPort() {
        SocketAddress address =
                bootstrap.getStaticResources().getListeners(0).getAddress().getSocketAddress();
        Object published = DeployFiles.at(DeployFiles.composeServices(), "frontendproxy", "ports");

        assertThat(bootstrap.getStaticResources().getListenersList()).hasSize(1);
        assertThat(address.getAddress()).isEqualTo("0.0.0.0");
        assertThat(DeployFiles.list(published)).containsExactly(env.get("ENVOY_PORT") + ":" + address.getPortValue());
    }

    @Test
    void admin_isBoundToTheContainerOnly() {
        assertThat(bootstrap.getAdmin().getAddress().getSocketAddress().getAddress())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void routes_sendFeatureToTheFlagUiWithoutItsPrefix() {
        Route route = routeFor("/feature/featureflags/3/edit");

        assertThat(route.getRoute().getCluster()).isEqualTo("featureflag");
        assertThat(route.getRoute().getPrefixRewrite()).isEqualTo("/");
        assertThat(route.getRequestHeadersToAddList())
                .extracting(HeaderValueOption::getHeader)
                .anySatisfy(header -> {
                    assertThat(header.getKey()).isEqualTo("X-Forwarded-Prefix");
                    assertThat(header.getValue()).isEqualTo("/feature");
                });
    }

    @Test
    void routes_redirectBarePrefixesToTheirTrailingSlash() {
        assertThat(routeFor("/feature").getRedirect().getPathRedirect()).isEqualTo("/feature/");
        assertThat(routeFor("/loadgen").getRedirect().getPathRedirect()).isEqualTo("/loadgen/");
    }

    @Test
    void routes_sendLoadgenToTheLoadGeneratorsPage() {
        Route route = routeFor("/loadgen/");

        assertThat(route.getRoute().getCluster()).isEqualTo("loadgen");
        assertThat(route.getRoute().getPrefixRewrite()).isEqualTo("/");
    }

    @Test
    void routes_sendEverythingElseToTheFrontend() {
        assertThat(routeFor("/").getRoute().getCluster()).isEqualTo("frontend");
        assertThat(routeFor("/api/products").getRoute().getCluster()).isEqualTo("frontend");
        assertThat(routeFor("/featureflags").getRoute().getCluster()).isEqualTo("frontend");
        assertThat(routeFor("/loadgenerator").getRoute().getCluster()).isEqualTo("frontend");
        assertThat(routeFor("/jaegerx").getRoute().getCluster()).isEqualTo("frontend");
        assertThat(routeFor("/grafanas").getRoute().getCluster()).isEqualTo("frontend");
    }

    @Test
    void routes_sendJaegerUiToJaegerWithItsPath() {
        Route route = routeFor("/jaeger/ui/search");

        assertThat(route.getRoute().getCluster()).isEqualTo("jaeger");
        assertThat(route.getRoute().getPrefixRewrite()).isEmpty();
        assertThat(routeFor("/jaeger/ui/api/traces").getRoute().getCluster()).isEqualTo("jaeger");
        for (String bare : List.of("/jaeger", "/jaeger/", "/jaeger/ui")) {
            assertThat(routeFor(bare).getRedirect().getPathRedirect()).as(bare).isEqualTo("/jaeger/ui/");
        }
        // Jaeger answers under its base path only: the one Envoy forwards.
        assertThat(DeployFiles.at(Observability.jaeger(), "extensions", "jaeger_query", "base_path"))
                .isEqualTo("/jaeger/ui");
    }

    @Test
    void routes_sendGrafanaToGrafanaWithItsPathAndALargerBodyLimit() throws Exception {
        Route route = routeFor("/grafana/d/shop-services");

        assertThat(route.getRoute().getCluster()).isEqualTo("grafana");
        assertThat(route.getRoute().getPrefixRewrite()).isEmpty();
        assertThat(routeFor("/grafana").getRedirect().getPathRedirect()).isEqualTo("/grafana/");
        assertThat(bufferOverride(route).getBuffer().getMaxRequestBytes().getValue())
                .isEqualTo(1024 * 1024);
    }

    @Test
    void routes_letGrafanaLiveUpgradeToAWebsocketWithoutBuffering() throws Exception {
        Route route = routeFor("/grafana/api/live/ws");

        assertThat(route.getRoute().getCluster()).isEqualTo("grafana");
        assertThat(route.getRoute().getUpgradeConfigsList())
                .extracting(RouteAction.UpgradeConfig::getUpgradeType)
                .containsExactly("websocket");
        assertThat(bufferOverride(route).getDisabled()).isTrue();
        assertThat(routeFor("/grafana/api/dashboards/uid/x").getRoute().getUpgradeConfigsList())
                .isEmpty();
    }

    @Test
    void routes_toJaegerAndGrafanaMakeNoSpans() {
        for (String path : List.of("/jaeger/ui/search", "/grafana/d/shop-services", "/grafana/api/live/ws")) {
            Route route = routeFor(path);

            assertThat(route.hasTracing()).as(path).isTrue();
            assertThat(route.getTracing().getRandomSampling().getNumerator())
                    .as(path)
                    .isZero();
        }
        assertThat(routeFor("/").hasTracing()).isFalse();
    }

    @Test
    void tracing_sendsTheProxysSpansToTheCollectorAsFrontendProxy() throws Exception {
        HttpConnectionManager manager = EnvoyConfig.httpConnectionManager(bootstrap);

        assertThat(manager.getTracing().getProvider().getName()).isEqualTo("envoy.tracers.opentelemetry");
        OpenTelemetryConfig tracer =
                manager.getTracing().getProvider().getTypedConfig().unpack(OpenTelemetryConfig.class);
        assertThat(tracer.getServiceName()).isEqualTo("frontend-proxy");
        String cluster = tracer.getGrpcService().getEnvoyGrpc().getClusterName();

        Addresses.Target collector = Addresses.parse(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
        assertThat(endpoint(cluster)).isEqualTo(collector.toString());
        // OTLP over gRPC needs HTTP/2 to the collector.
        HttpProtocolOptions options = cluster(cluster)
                .getTypedExtensionProtocolOptionsOrThrow("envoy.extensions.upstreams.http.v3.HttpProtocolOptions")
                .unpack(HttpProtocolOptions.class);
        assertThat(options.getExplicitHttpConfig().hasHttp2ProtocolOptions()).isTrue();
    }

    @Test
    void routes_everyClusterIsDefined() {
        List<String> clusters = bootstrap.getStaticResources().getClustersList().stream()
                .map(Cluster::getName)
                .toList();

        assertThat(routes())
                .filteredOn(Route::hasRoute)
                .extracting(route -> route.getRoute().getCluster())
                .allSatisfy(cluster -> assertThat(clusters).contains(cluster));
    }

    @Test
    void clusters_pointAtTheEnvHostsAndPorts() {
        assertThat(endpoint("frontend")).isEqualTo(env.get("FRONTEND_HOST") + ":" + env.get("FRONTEND_PORT"));
        assertThat(endpoint("featureflag"))
                .isEqualTo(env.get("FEATURE_FLAG_SERVICE_HOST") + ":" + env.get("FEATURE_FLAG_SERVICE_PORT"));
        assertThat(endpoint("loadgen")).isEqualTo(env.get("LOCUST_WEB_HOST") + ":" + env.get("LOCUST_WEB_PORT"));
        assertThat(endpoint("jaeger")).isEqualTo(env.get("JAEGER_SERVICE_HOST") + ":" + env.get("JAEGER_SERVICE_PORT"));
        assertThat(endpoint("grafana"))
                .isEqualTo(env.get("GRAFANA_SERVICE_HOST") + ":" + env.get("GRAFANA_SERVICE_PORT"));
    }

    @Test
    void clusters_pointAtComposeServicesOnPortsTheyListenOn() {
        Map<String, Object> services = DeployFiles.composeServices();

        for (Cluster cluster : bootstrap.getStaticResources().getClustersList()) {
            Addresses.Target target = Addresses.parse(endpoint(cluster.getName()));
            assertThat(services)
                    .as("compose service of cluster %s", cluster.getName())
                    .containsKey(target.host());
            assertThat(Addresses.composeListenPorts(target.host(), DeployFiles.map(services.get(target.host()))))
                    .as("ports %s listens on", target.host())
                    .contains(target.port());
        }
    }

    @Test
    void routes_checkoutOutlastsTheFrontendsCheckoutDeadline() {
        // The frontend gives PlaceOrder 20 s; Envoy must not cut the answer off before that.
        assertThat(routeFor("/api/checkout").getRoute().getTimeout().getSeconds())
                .isGreaterThan(20);
        assertThat(routeFor("/cart/checkout").getRoute().getTimeout().getSeconds())
                .isGreaterThan(20);
        assertThat(routeFor("/cart/checkout/some-order-id")
                        .getRoute()
                        .getTimeout()
                        .getSeconds())
                .isLessThanOrEqualTo(15);
    }

    @Test
    void requests_haveABoundedBodyAndSlowClientsATimeout() throws Exception {
        HttpConnectionManager manager = EnvoyConfig.httpConnectionManager(bootstrap);
        Buffer buffer = manager.getHttpFiltersList().stream()
                .filter(f -> f.getName().equals("envoy.filters.http.buffer"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no body limit (buffer filter)"))
                .getTypedConfig()
                .unpack(Buffer.class);

        assertThat(buffer.getMaxRequestBytes().getValue()).isEqualTo(32 * 1024);
        assertThat(manager.getHttpFilters(manager.getHttpFiltersCount() - 1).getName())
                .isEqualTo("envoy.filters.http.router");
        assertThat(manager.getRequestHeadersTimeout().getSeconds()).isBetween(1L, 30L);
        assertThat(manager.getStreamIdleTimeout().getSeconds()).isBetween(1L, 60L);
    }

    /** The first route whose match takes the path, as Envoy picks it. */
    private Route routeFor(String path) {
        Optional<Route> route =
                routes().stream().filter(r -> matches(r.getMatch(), path)).findFirst();
        assertThat(route).as("route for %s", path).isPresent();
        return route.get();
    }

    private static boolean matches(RouteMatch match, String path) {
        return switch (match.getPathSpecifierCase()) {
            case PATH -> match.getPath().equals(path);
            case PREFIX -> path.startsWith(match.getPrefix());
            default -> throw new AssertionError("unexpected path matcher " + match);
        };
    }

    private List<Route> routes() {
        HttpConnectionManager manager = EnvoyConfig.httpConnectionManager(bootstrap);
        return manager.getRouteConfig().getVirtualHosts(0).getRoutesList();
    }

    private static BufferPerRoute bufferOverride(Route route) throws InvalidProtocolBufferException {
        return route.getTypedPerFilterConfigOrThrow("envoy.filters.http.buffer").unpack(BufferPerRoute.class);
    }

    private Cluster cluster(String clusterName) {
        return bootstrap.getStaticResources().getClustersList().stream()
                .filter(c -> c.getName().equals(clusterName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cluster " + clusterName));
    }

    private String endpoint(String clusterName) {
        SocketAddress address = cluster(clusterName)
                .getLoadAssignment()
                .getEndpoints(0)
                .getLbEndpoints(0)
                .getEndpoint()
                .getAddress()
                .getSocketAddress();
        return address.getAddress() + ":" + address.getPortValue();
    }
}
