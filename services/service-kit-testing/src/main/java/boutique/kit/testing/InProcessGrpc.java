package boutique.kit.testing;

import boutique.kit.StatusMappingInterceptor;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * Serves gRPC services in-process, behind the same status mapping as the real server, and hands out a
 * channel to them: the way tests call a service through a real stub, and the way they stand up in-process
 * fakes of downstream services. Close it when the test ends.
 */
public final class InProcessGrpc implements AutoCloseable {

    private final Server server;
    private final ManagedChannel channel;

    private InProcessGrpc(Server server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    public static InProcessGrpc serve(BindableService... services) {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        StatusMappingInterceptor mapping = new StatusMappingInterceptor();
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, mapping));
        }
        try {
            Server server = builder.build().start();
            return new InProcessGrpc(
                    server,
                    InProcessChannelBuilder.forName(name).directExecutor().build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
