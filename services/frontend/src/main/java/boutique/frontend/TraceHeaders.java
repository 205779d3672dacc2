package boutique.frontend;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Passes the W3C {@code traceparent}, {@code tracestate} and {@code baggage} headers of an HTTP request on to
 * every gRPC call made for it (loadgenerator.md 8.7): the filter puts them in the gRPC {@link Context}, which
 * follows the calls a request starts, and the channel interceptor copies them into the call's metadata.
 */
final class TraceHeaders extends OncePerRequestFilter {

    private static final List<String> NAMES = List.of("traceparent", "tracestate", "baggage");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]{1,4096}");
    private static final Context.Key<Map<String, String>> KEY = Context.key("w3c-trace-headers");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : NAMES) {
            String value = request.getHeader(name);
            if (value != null && PRINTABLE.matcher(value).matches()) {
                found.put(name, value);
            }
        }
        if (found.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Context withHeaders = Context.current().withValue(KEY, found);
        Context previous = withHeaders.attach();
        try {
            chain.doFilter(request, response);
        } finally {
            withHeaders.detach(previous);
        }
    }

    static Channel propagate(Channel channel) {
        return ClientInterceptors.intercept(channel, new Propagation());
    }

    private static final class Propagation implements ClientInterceptor {

        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            Map<String, String> headers = KEY.get();
            ClientCall<Q, R> call = next.newCall(method, options);
            if (headers == null) {
                return call;
            }
            return new SimpleForwardingClientCall<>(call) {
                @Override
                public void start(Listener<R> listener, Metadata metadata) {
                    headers.forEach((name, value) ->
                            metadata.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value));
                    super.start(listener, metadata);
                }
            };
        }
    }
}
