package boutique.frontend.backend;

import boutique.kit.GrpcChannels;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the backends' channels from the kit's, passing on the trace headers of the request being served. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BackendAddresses.class)
class BackendConfiguration {

    @Bean
    ChannelOpener channelOpener(GrpcChannels channels) {
        return (variable, address) -> TraceHeaders.propagate(channels.open(variable, address));
    }
}
