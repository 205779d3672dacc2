package boutique.kit;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the service can do its work right now, as its gRPC health reports it once started: a service whose
 * store is out of reach (the cart without Redis, say) says so here, and health answers NOT_SERVING until it
 * is back. Ready unless told otherwise.
 */
public final class Readiness {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String notReadyBecause;

    public boolean isReady() {
        return notReadyBecause == null;
    }

    /** Why the service is not ready, or null when it is. */
    public String notReadyBecause() {
        return notReadyBecause;
    }

    public synchronized void ready() {
        if (notReadyBecause != null) {
            log.info("ready again (was not: {})", notReadyBecause);
            notReadyBecause = null;
            listeners.forEach(Runnable::run);
        }
    }

    public synchronized void notReady(String because) {
        Objects.requireNonNull(because, "because");
        if (!because.equals(notReadyBecause)) {
            log.warn("not ready: {}", because);
            notReadyBecause = because;
            listeners.forEach(Runnable::run);
        }
    }

    /** Runs {@code listener} on every change. */
    void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
