package boutique.launcher;

import hipstershop.ChargeRequest;
import hipstershop.ChargeResponse;
import hipstershop.Money;
import hipstershop.PaymentServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How close the payment service comes to the loopback limit: one gRPC client with {@value #IN_FLIGHT} Charge
 * calls in flight drives, in turn, the running payment service and a do-nothing grpc-java server (this jar's
 * {@code noop-payment} command, which answers every Charge with the same response and nothing else), both
 * JVMs started with the payment service's JVM options. Each is driven twice, alternately, so a change in the machine's speed
 * during the run shows; the ratio of the calls per second is the payment service's share of the limit.
 */
final class LoopbackBench {

    static final int IN_FLIGHT = 64;

    private static final ChargeRequest CHARGE = ChargeRequest.newBuilder()
            .setAmount(Money.newBuilder().setCurrencyCode("USD").setUnits(101).setNanos(960_000_000))
            .setCreditCard(Bench.CARD)
            .build();

    private final Shop shop;

    LoopbackBench(Shop shop) {
        this.shop = shop;
    }

    int run(Duration warmUp, Duration measure) throws Exception {
        String paymentPort = shop.env().get("PAYMENT_SERVICE_PORT");
        if (!Shop.answers("127.0.0.1:" + paymentPort, 0)) {
            System.out.printf(
                    "the payment service does not answer on port %s: ./shop up paymentservice first%n", paymentPort);
            return 1;
        }
        int noopPort = freePort();
        // The payment service's Java and options: only the server differs.
        List<String> command = new ArrayList<>(List.of(shop.serviceJava().binary()));
        command.addAll(shop.javaOptions(shop.select(List.of("paymentservice")).get(0)));
        command.addAll(shop.serviceJava().options());
        command.addAll(List.of("-jar", ServiceDef.LAUNCHER.jar(shop.root()).toString(), "noop-payment", "" + noopPort));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(shop.env());
        Process noop = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Shop.answers("127.0.0.1:" + noopPort, 0)) {
                if (!noop.isAlive() || System.nanoTime() > deadline) {
                    System.out.println("the do-nothing server did not start");
                    return 1;
                }
                Thread.sleep(100);
            }
            System.out.printf(
                    "Charge with %d calls in flight, %d s warm-up and %d s measured per run, alternately:%n",
                    IN_FLIGHT, warmUp.toSeconds(), measure.toSeconds());
            double[] payment = new double[2];
            double[] loopback = new double[2];
            for (int round = 0; round < 2; round++) {
                payment[round] = callsPerSecond(Integer.parseInt(paymentPort), warmUp, measure);
                System.out.printf("  paymentservice      %,10.0f calls/s%n", payment[round]);
                loopback[round] = callsPerSecond(noopPort, warmUp, measure);
                System.out.printf("  do-nothing server   %,10.0f calls/s%n", loopback[round]);
            }
            double ratio = (payment[0] + payment[1]) / (loopback[0] + loopback[1]);
            System.out.printf("paymentservice reaches %.2f of the do-nothing server's throughput%n", ratio);
            return 0;
        } finally {
            noop.destroy();
            if (!noop.waitFor(10, TimeUnit.SECONDS)) {
                noop.destroyForcibly();
            }
        }
    }

    /** Drives {@code port} for {@code warmUp}, then counts the calls answered OK during {@code measure}. */
    static double callsPerSecond(int port, Duration warmUp, Duration measure) throws InterruptedException {
        ManagedChannel channel =
                NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var stub = PaymentServiceGrpc.newStub(channel);
            Semaphore slots = new Semaphore(IN_FLIGHT);
            AtomicLong answered = new AtomicLong();
            long warmUntil = System.nanoTime() + warmUp.toNanos();
            long start = 0;
            long before = 0;
            long end = warmUntil + measure.toNanos();
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                if (start == 0 && now >= warmUntil) {
                    start = now;
                    before = answered.get();
                }
                slots.acquire();
                stub.withDeadlineAfter(5, TimeUnit.SECONDS).charge(CHARGE, new StreamObserver<>() {
                    @Override
                    public void onNext(ChargeResponse value) {
                        answered.incrementAndGet();
                    }

                    @Override
                    public void onError(Throwable t) {
                        slots.release();
                    }

                    @Override
                    public void onCompleted() {
                        slots.release();
                    }
                });
            }
            long counted = answered.get() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            slots.acquire(IN_FLIGHT);
            return counted / seconds;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The do-nothing server: every Charge answered with the same transaction id, nothing checked or logged. */
    static Server noopPayment(int port) throws IOException {
        ChargeResponse response = ChargeResponse.newBuilder()
                .setTransactionId("00000000-0000-0000-0000-000000000000")
                .build();
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new PaymentServiceGrpc.PaymentServiceImplBase() {
                    @Override
                    public void charge(ChargeRequest request, StreamObserver<ChargeResponse> observer) {
                        observer.onNext(response);
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
