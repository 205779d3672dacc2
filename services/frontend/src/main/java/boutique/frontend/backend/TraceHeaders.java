package boutique.frontend.backend;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The W3C {@code traceparent}, {@code tracestate} and {@code baggage} headers of the HTTP request being served,
 * passed on to every gRPC call made for it: the web layer puts them in the gRPC {@link Context}, which follows
 * the calls a request starts (also those chained on a reply), and the channels copy them into each call's
 * metadata.
 */
public final class TraceHeaders {

    /** The headers passed on, as HTTP and gRPC both name them. */
    public static final List<String> NAMES = List.of("traceparent", "tracestate", "baggage");

    private static final Context.Key<Map<String, String>> KEY = Context.key("w3c-trace-headers");

    private TraceHeaders() {}

    /** The current context with these headers (name to value) for the calls made in it. */
    public static Context carrying(Map<String, String> headers) {
        return Context.current().withValue(KEY, Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
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
