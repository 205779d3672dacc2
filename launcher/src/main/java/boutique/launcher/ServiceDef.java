package boutique.launcher;

import boutique.kit.HealthProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One service of the shop as the launcher knows it: its module folder, the variable holding its port, and
 * how to ask it whether it is healthy (gRPC health, or an HTTP GET of {@code healthPath}).
 */
record ServiceDef(
        String name,
        String module,
        String portVariable,
        boolean grpc,
        String healthPath,
        String extraPortVariable,
        List<String> javaOptions) {

    /** Every service, in the order they start; later issues add a line here. */
    static final List<ServiceDef> ALL = List.of(
            grpc("featureflagservice", "FEATURE_FLAG_GRPC_SERVICE_PORT").withHttpPort("FEATURE_FLAG_SERVICE_PORT"),
            grpc("productcatalogservice", "PRODUCT_CATALOG_SERVICE_PORT"),
            grpc("currencyservice", "CURRENCY_SERVICE_PORT"),
            grpc("cartservice", "CART_SERVICE_PORT"),
            grpc("adservice", "AD_SERVICE_PORT"),
            grpc("paymentservice", "PAYMENT_SERVICE_PORT"),
            http("quoteservice", "QUOTE_SERVICE_PORT"),
            grpc("shippingservice", "SHIPPING_SERVICE_PORT"),
            http("emailservice", "EMAIL_SERVICE_PORT"),
            grpc("recommendationservice", "RECOMMENDATION_SERVICE_PORT"),
            grpc("checkoutservice", "CHECKOUT_SERVICE_PORT"),
            http("frontend", "FRONTEND_PORT"));

    /** The load generator: started on its own by {@code ./shop loadgen}, never by {@code ./shop up}. */
    static final ServiceDef LOADGENERATOR =
            new ServiceDef("loadgenerator", "loadgenerator", "LOCUST_WEB_PORT", false, "/", null, List.of("-Xmx256m"));

    /** The launcher itself, whose jar also runs the supervisor. */
    static final ServiceDef LAUNCHER = new ServiceDef("launcher", "launcher", null, false, null, null, List.of());

    /** Host names of the compose deployment that mean "this machine" when running locally. */
    static final List<String> INFRASTRUCTURE_HOSTS = List.of("redis-cart", "ffs_postgres", "loadgenerator", "otelcol");

    static ServiceDef grpc(String name, String portVariable) {
        return new ServiceDef(name, "services/" + name, portVariable, true, null, null, List.of());
    }

    static ServiceDef http(String name, String portVariable) {
        return new ServiceDef(name, "services/" + name, portVariable, false, "/actuator/health", null, List.of());
    }

    ServiceDef withHttpPort(String variable) {
        return new ServiceDef(name, module, portVariable, grpc, healthPath, variable, javaOptions);
    }

    /** The variable whose JVM options this service gets after {@code SHOP_JAVA_OPTS}, e.g. FRONTEND_JAVA_OPTS. */
    String javaOptionsVariable() {
        return name.toUpperCase(Locale.ROOT) + "_JAVA_OPTS";
    }

    /**
     * The pid file of a process this service starts that outlives it when it is killed: the flag service's
     * embedded PostgreSQL, when it runs one. Null for the others.
     */
    String companionPidFile(Map<String, String> env) {
        String dataDir = env.get("FEATURE_FLAG_EMBEDDED_DATA_DIR");
        return name.equals("featureflagservice") && dataDir != null
                ? Path.of(dataDir, "postmaster.pid").toString()
                : null;
    }

    int port(Map<String, String> env) {
        return Integer.parseInt(env.get(portVariable));
    }

    List<Integer> ports(Map<String, String> env) {
        return extraPortVariable == null
                ? List.of(port(env))
                : List.of(port(env), Integer.parseInt(env.get(extraPortVariable)));
    }

    boolean healthy(Map<String, String> env) {
        Duration timeout = Duration.ofSeconds(2);
        return grpc
                ? HealthProbe.grpcServing("127.0.0.1:" + port(env), timeout)
                : HealthProbe.httpOk("http://127.0.0.1:" + port(env) + healthPath, timeout);
    }

    String describe(Map<String, String> env) {
        String main = (grpc ? "gRPC " : "HTTP ") + "127.0.0.1:" + port(env);
        return extraPortVariable == null ? main : main + ", UI http://127.0.0.1:" + env.get(extraPortVariable);
    }

    /** The built executable jar of the module, or null when it has not been built. */
    Path jar(Path root) {
        Path target = root.resolve(module).resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(name + "-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
