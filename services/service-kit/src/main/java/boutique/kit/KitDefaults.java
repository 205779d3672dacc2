package boutique.kit;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service shares, at the lowest precedence, so a service's {@code application.yaml} or the
 * environment can still change them.
 */
final class KitDefaults implements EnvironmentPostProcessor {

    static final Map<String, Object> DEFAULTS = Map.ofEntries(
            // grpc-netty logs a WARN with a stack trace for every request over the message limit; the client
            // already gets RESOURCE_EXHAUSTED, and a flood of such requests must not flood the log.
            Map.entry("logging.level.io.grpc.netty.shaded.io.grpc.netty.NettyServerStream", "ERROR"),
            Map.entry("spring.main.banner-mode", "off"),
            // The console line carries the trace and span ids (put in the MDC by OpenTelemetry's logback MDC
            // instrumentation), so a log line leads to its trace.
            Map.entry("logging.pattern.correlation", "%replace([%X{trace_id} %X{span_id}] ){'^\\[ \\] $', ''}"),
            // With no collector answering, the SDK would log each failed export at ERROR with a stack trace,
            // every few seconds per signal; its queues are bounded and drop what does not fit.
            Map.entry("logging.level.io.opentelemetry.exporter", "OFF"),
            Map.entry("logging.level.io.opentelemetry.sdk.metrics.export.PeriodicMetricReader", "OFF"),
            Map.entry("logging.level.io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor", "OFF"),
            Map.entry("logging.level.io.opentelemetry.sdk.trace.export.BatchSpanProcessor", "OFF"),
            // The HTTP services (frontend, quote, email, flag UI) read every body themselves, up to a limit.
            // Spring's form filter would read a whole PUT, PATCH or DELETE form body into memory, and multipart
            // parsing would spool up to 10 MB of any request to disk: both off.
            Map.entry("spring.mvc.formcontent.filter.enabled", "false"),
            Map.entry("spring.servlet.multipart.enabled", "false"),
            // How long Tomcat waits for the next bytes of a request (line, headers, a read of its body): a client
            // trickling bytes cannot hold a thread for long. An idle kept-alive connection may wait longer.
            Map.entry("server.tomcat.connection-timeout", "5s"),
            Map.entry("server.tomcat.keep-alive-timeout", "60s"),
            // What Tomcat discards of a refused body before it closes the connection.
            Map.entry("server.tomcat.max-swallow-size", "2MB"),
            // Each open connection holds about 16 KB of buffers on the heap, idle or half-sent: Tomcat's default
            // of 8,192 lets a few thousand connections exhaust a 40 MB heap (measured: about 4,300 idle ones end
            // the quote service, about 470 half-sent ones the frontend). Further ones wait in the accept queue.
            Map.entry("server.tomcat.max-connections", "200"));

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource("kit-defaults", DEFAULTS));
    }
}
