package boutique.deploy;

import com.google.gson.Gson;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.trace.v3.OpenTelemetryConfig;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.Buffer;
import io.envoyproxy.envoy.extensions.filters.http.buffer.v3.BufferPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.Map;

/**
 * Parses an Envoy YAML config into Envoy's own v3 {@link Bootstrap} message, strictly: an unknown field, a
 * value of the wrong type or a typed config of an unregistered type fails, as it would when Envoy starts.
 */
final class EnvoyConfig {

    static final String FILE = "frontend-proxy/envoy.yaml";

    /** Every extension type the config may name in a typed_config. */
    static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
            .add(HttpConnectionManager.getDescriptor())
            .add(Router.getDescriptor())
            .add(Buffer.getDescriptor())
            .add(BufferPerRoute.getDescriptor())
            .add(StdoutAccessLog.getDescriptor())
            .add(OpenTelemetryConfig.getDescriptor())
            .add(HttpProtocolOptions.getDescriptor())
            .build();

    private EnvoyConfig() {}

    static Bootstrap parse(String yaml) throws InvalidProtocolBufferException {
        Map<String, Object> tree = DeployFiles.yaml(yaml);
        Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
        JsonFormat.parser().usingTypeRegistry(TYPES).merge(new Gson().toJson(tree), bootstrap);
        return bootstrap.build();
    }

    static Bootstrap load() {
        try {
            return parse(DeployFiles.read(FILE));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(FILE + " is not a valid Envoy v3 bootstrap: " + e.getMessage(), e);
        }
    }

    static HttpConnectionManager httpConnectionManager(Bootstrap bootstrap) {
        try {
            return bootstrap
                    .getStaticResources()
                    .getListeners(0)
                    .getFilterChains(0)
                    .getFilters(0)
                    .getTypedConfig()
                    .unpack(HttpConnectionManager.class);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the listener's first filter is not an HTTP connection manager", e);
        }
    }

    static int listenerPort() {
        return load().getStaticResources()
                .getListeners(0)
                .getAddress()
                .getSocketAddress()
                .getPortValue();
    }
}
