package boutique.featureflag;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL left running on our data folder by a flag service that was killed (kill -9, OOM
 * killer): pg_ctl starts the server as a daemon, so it outlives the JVM and keeps the folder locked. It is stopped
 * (SIGTERM, PostgreSQL's smart shutdown: with its only client dead it checkpoints and exits at once; SIGKILL
 * after a grace period), so that the new run starts on the same folder and keeps the flags.
 */
final class StalePostmaster {

    private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);
    /** The file zonky keeps locked in the data folder for as long as the JVM that started the server runs. */
    private static final String OWNER_LOCK = "epg-lock";

    private StalePostmaster() {}

    /**
     * Whether a live process (another flag service) holds the data folder: zonky's lock on {@code epg-lock} is
     * held for the life of the JVM that started the server and released by the OS when that JVM dies.
     */
    static boolean isOwnedByLiveProcess(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(OWNER_LOCK);
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM runs a server there
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Stops the server that {@code postmaster.pid} names, if it is a live PostgreSQL; waits until it is gone. */
    static void stopIfRunning(Path dataDir, Duration grace) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Optional<Long> pid = pid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // PostgreSQL replaces a pid file whose process is gone
        }
        if (isZombie(pid.get()) || !isPostgres(process.get())) {
            // PostgreSQL refuses to start while the pid it names exists, even as an exited (unreaped) process
            // or as another program that got the same pid.
            log.info("removing {}: process {} is not a running PostgreSQL", pidFile, pid.get());
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle postmaster = process.get();
        long started = System.nanoTime();
        log.warn(
                "an embedded PostgreSQL (pid {}) left running by a previous run holds {}: stopping it",
                postmaster.pid(),
                dataDir);
        postmaster.destroy();
        if (!awaitGone(postmaster, grace)) {
            log.warn("PostgreSQL (pid {}) did not stop within {} ms: killing it", postmaster.pid(), grace.toMillis());
            // Its backends too: a new server refuses to start while they still hold the shared memory.
            List<ProcessHandle> children = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            awaitGone(postmaster, grace);
            children.forEach(child -> awaitGone(child, grace));
            // A killed server leaves its pid file, and PostgreSQL refuses it while that pid is still a zombie.
            Files.deleteIfExists(pidFile);
        }
        log.info("stopped the stale PostgreSQL in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static Optional<Long> pid(Path pidFile) throws IOException {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (NoSuchFileException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        return info.command().map(c -> c.endsWith("postgres")).orElse(false)
                || info.commandLine().map(c -> c.contains("postgres")).orElse(false);
    }

    /**
     * Waits until the process has exited. Polled, because {@link ProcessHandle#onExit()} checks a process that is
     * not our child only every 300 ms or more; an exited process that nobody has reaped yet counts as gone.
     */
    private static boolean awaitGone(ProcessHandle process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && !isZombie(process.pid())) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Linux's state letter in /proc/PID/stat; elsewhere no process counts as a zombie. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName > 0 && stat.length() > afterName + 2 && stat.charAt(afterName + 2) == 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
