package boutique.kit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.grpc.v1_6.GrpcTelemetry;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.instrumentation.spring.web.v3_1.SpringWebTelemetry;
import io.opentelemetry.instrumentation.spring.webmvc.v6_0.SpringWebMvcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * OpenTelemetry for every service, configured only by the standard {@code OTEL_*} variables, which the SDK's
 * own autoconfiguration reads: W3C trace context and baggage, OTLP export of traces, metrics (cumulative, as
 * Prometheus needs) and logs, gRPC server and client spans and RPC metrics (wired into the kit's server and
 * channels), Spring MVC server spans, RestClient client spans, JVM runtime metrics, and the trace and span ids
 * in each log record and console line. With {@code OTEL_SDK_DISABLED=true} the service gets
 * {@link OpenTelemetry#noop()} and nothing is installed.
 */
@AutoConfiguration(before = KitAutoConfiguration.class)
public class KitTelemetryAutoConfiguration {

    /** The baggage entry the load generator sets, copied onto every span as {@code app.synthetic_request}. */
    static final String SYNTHETIC = "synthetic_request";

    /**
     * Closed with the application, its last export included, but for at most 2 s: with the collector gone, the
     * exporters would retry for longer than a stop may take.
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    OpenTelemetry openTelemetry(Environment environment) {
        if (environment.getProperty("otel.sdk.disabled", Boolean.class, false)) {
            return OpenTelemetry.noop();
        }
        String serviceName = environment.getProperty("spring.application.name", "unknown_service:java");
        return AutoConfiguredOpenTelemetrySdk.builder()
                // Below the OTEL_* variables: the service's own name, and cumulative metrics as the reference.
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name",
                        serviceName,
                        "otel.exporter.otlp.metrics.temporality.preference",
                        "cumulative"))
                .addTracerProviderCustomizer((tracing, config) -> tracing.addSpanProcessor(new SyntheticMarker()))
                .disableShutdownHook() // the application context closes, and so flushes, the SDK
                .build()
                .getOpenTelemetrySdk();
    }

    @Bean
    @Lazy(false)
    DisposableBean openTelemetryShutdown(OpenTelemetry openTelemetry) {
        return () -> {
            if (openTelemetry instanceof OpenTelemetrySdk sdk) {
                sdk.shutdown().join(2, TimeUnit.SECONDS);
            }
        };
    }

    /**
     * gRPC spans and RPC metrics for the kit's server and channels, without an event per message (a unary call
     * has one each way; the span says as much).
     */
    @Bean
    @ConditionalOnMissingBean
    GrpcTelemetry grpcTelemetry(OpenTelemetry openTelemetry) {
        return GrpcTelemetry.builder(openTelemetry).setEmitMessageEvents(false).build();
    }

    /**
     * JVM memory, GC, threads, classes and CPU under the semantic-convention names. This bean, the log wiring
     * and the shutdown above are eager even in a lazily initialised service (the flag service): they work by
     * existing, and nothing asks for them.
     */
    @Bean(destroyMethod = "close")
    @Lazy(false)
    RuntimeTelemetry runtimeTelemetry(OpenTelemetry openTelemetry) {
        return RuntimeTelemetry.create(openTelemetry);
    }

    @Bean
    @Lazy(false)
    LogbackTelemetry logbackTelemetry(OpenTelemetry openTelemetry) {
        return new LogbackTelemetry(openTelemetry);
    }

    /**
     * Logback: records go over OTLP with the ids of the current span, and the appenders Spring Boot set up (the
     * console) are wrapped so the MDC carries {@code trace_id} and {@code span_id} for the console line.
     */
    static final class LogbackTelemetry implements DisposableBean {

        LogbackTelemetry(OpenTelemetry openTelemetry) {
            if (openTelemetry == OpenTelemetry.noop()
                    || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
                return;
            }
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            var mdc = new io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender();
            mdc.setContext(context);
            mdc.setName("OTEL_MDC");
            List<Appender<ILoggingEvent>> existing = new ArrayList<>();
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                existing.add(it.next());
            }
            for (Appender<ILoggingEvent> appender : existing) {
                root.detachAppender(appender);
                mdc.addAppender(appender);
            }
            mdc.start();
            root.addAppender(mdc);

            var otlp = new io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender();
            otlp.setContext(context);
            otlp.setName("OTEL");
            otlp.setOpenTelemetry(openTelemetry);
            otlp.start();
            root.addAppender(otlp);
        }

        @Override
        public void destroy() {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender("OTEL");
            }
        }
    }

    /** Copies {@code synthetic_request} from the baggage onto each span as it starts. */
    static final class SyntheticMarker implements SpanProcessor {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            String value = Baggage.fromContext(parentContext).getEntryValue(SYNTHETIC);
            if (value != null) {
                span.setAttribute("app.synthetic_request", Boolean.parseBoolean(value));
            }
        }

        @Override
        public boolean isStartRequired() {
            return true;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return false;
        }
    }

    /** HTTP server spans and metrics for the Spring MVC services; health probes make none. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.web.servlet.DispatcherServlet",
                "io.opentelemetry.instrumentation.spring.webmvc.v6_0.SpringWebMvcTelemetry"
            })
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebMvcTelemetry {
        @Bean
        Filter telemetryFilter(OpenTelemetry openTelemetry) {
            return new TelemetryFilter(
                    SpringWebMvcTelemetry.create(openTelemetry).createServletFilter());
        }
    }

    /** The instrumentation's filter, first in the chain, skipping {@code /actuator/}. */
    static final class TelemetryFilter implements Filter, Ordered {
        private final Filter delegate;

        TelemetryFilter(Filter delegate) {
            this.delegate = delegate;
        }

        /** The instrumentation's filter finds Spring's handler mappings here, to name spans by their route. */
        @Override
        public void init(FilterConfig config) throws ServletException {
            delegate.init(config);
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http
                    && http.getRequestURI().startsWith("/actuator/")) {
                chain.doFilter(request, response);
            } else {
                delegate.doFilter(request, response, chain);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE + 1;
        }
    }

    /** Client spans and trace headers on every RestClient built from Spring Boot's builder. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.boot.restclient.RestClientCustomizer",
                "io.opentelemetry.instrumentation.spring.web.v3_1.SpringWebTelemetry"
            })
    static class RestClientTelemetry {
        @Bean
        RestClientCustomizer restClientTelemetry(OpenTelemetry openTelemetry) {
            var interceptor = SpringWebTelemetry.create(openTelemetry).createInterceptor();
            return builder -> builder.requestInterceptor(interceptor);
        }
    }
}
