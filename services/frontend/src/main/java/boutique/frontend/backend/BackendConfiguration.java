package boutique.frontend.backend;

import boutique.kit.GrpcChannels;
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
        return channels::open;
    }
}
