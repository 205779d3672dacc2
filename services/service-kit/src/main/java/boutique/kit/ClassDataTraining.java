package boutique.kit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Only in the class-data training run ({@code -Dspring.context.exit=onRefresh}), which ends before any server
 * starts: serves and answers one gRPC health check on a loopback port, so that the archive also holds the classes
 * of gRPC's server and client paths (about a third of what a service otherwise loads from its jars when it
 * starts). A start, or a restart after a crash, then maps them from the archive instead of reading and verifying
 * them. Nothing of it outlives the training; a failure here only leaves those classes out.
 */
final class ClassDataTraining implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ClassDataTraining.class);

    @Override
    public void afterPropertiesSet() throws InterruptedException {
        HealthStatusManager health = new HealthStatusManager();
        Server server = null;
        ManagedChannel channel = null;
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                    .addService(health.getHealthService())
                    .build()
                    .start();
            channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
                    .usePlaintext()
                    .build();
            HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
        } catch (Exception e) {
            log.debug("the training's gRPC round trip failed: {}", e.toString());
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
            if (server != null) {
                server.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }
}
