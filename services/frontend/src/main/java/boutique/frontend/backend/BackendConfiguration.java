package boutique.frontend.backend;

import boutique.kit.GrpcChannels;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.MethodDescriptor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the backends' channels from the kit's, whose client spans carry the trace context and baggage of the
 * request being served to every call.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackendAddresses.class)
class BackendConfiguration {

    @Bean
    ChannelOpener channelOpener(GrpcChannels channels) {
        return (variable, address) ->
                ClientInterceptors.intercept(channels.open(variable, address), new CallbacksInPlace());
    }

    /**
     * Delivers each answer on the network thread that read it, instead of handing it to gRPC's executor first:
     * one thread hop less per call. The callbacks only complete a {@link Reply}'s future, and the stages chained
     * on those futures start further calls or build values; none of them blocks.
     */
    static final class CallbacksInPlace implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return next.newCall(method, options.withExecutor(Runnable::run));
        }
    }
}
