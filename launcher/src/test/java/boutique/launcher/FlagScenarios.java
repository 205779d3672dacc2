package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import hipstershop.FeatureFlagServiceGrpc;
import hipstershop.UpdateFlagRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Switches a scenario flag through the real flag service and waits for its effect to show and to go. */
final class FlagScenarios {

    /** Services cache a flag for about a second; allow a few of those. */
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(8);

    private final ManagedChannel flagChannel;

    FlagScenarios(ManagedChannel flagChannel) {
        this.flagChannel = flagChannel;
    }

    void set(String flag, double probability) {
        FeatureFlagServiceGrpc.newBlockingStub(flagChannel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .updateFlag(UpdateFlagRequest.newBuilder()
                        .setName(flag)
                        .setEnabled(probability > 0)
                        .setProbability(probability)
                        .build());
    }

    /** Turns the flag fully on, waits until {@code effect} holds, turns it off, waits until it no longer does. */
    void check(String flag, BooleanSupplier effect) {
        set(flag, 1);
        try {
            assertThat(eventually(effect)).as(flag + " on: its effect shows").isTrue();
        } finally {
            set(flag, 0);
        }
        assertThat(eventually(() -> !effect.getAsBoolean()))
                .as(flag + " off: the service recovers")
                .isTrue();
    }

    private static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Whether the call fails with exactly this status and message. */
    static boolean failsWith(Runnable call, Status.Code code, String message) {
        try {
            call.run();
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == code
                    && (message == null || message.equals(e.getStatus().getDescription()));
        }
    }

    /** Whether the call takes at least this long (and does not fail). */
    static boolean takesAtLeast(Duration duration, Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start >= duration.toNanos();
    }
}
