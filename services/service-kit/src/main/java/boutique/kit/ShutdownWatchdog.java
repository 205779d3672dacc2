package boutique.kit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Bounds a graceful shutdown: once the JVM starts exiting (a SIGTERM from the launcher, compose or
 * Kubernetes), the process is gone after {@code limit} even if a call, a thread or a shutdown hook is stuck.
 * It watches the JVM's exit, not the Spring context's close, so a test that closes a context is unaffected.
 */
final class ShutdownWatchdog implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ShutdownWatchdog.class);
    private static final AtomicBoolean installed = new AtomicBoolean();

    private final Duration limit;

    ShutdownWatchdog(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (installed.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::arm, "shutdown-watchdog-arm"));
        }
    }

    private void arm() {
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(limit.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    log.warn("shutdown took longer than {} ms: exiting now", limit.toMillis());
                    Runtime.getRuntime().halt(143);
                },
                "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
