package boutique.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The background process behind {@code ./shop up}: keeps every wanted service running, as compose's
 * {@code restart: unless-stopped} does. A service that exits for any reason (a crash, an out-of-memory exit,
 * a {@code kill -9}) is started again with the same {@link LaunchSpec}: at once the first time, then after
 * 1, 2, 4 ... up to 60 seconds while it keeps failing, and at once again after it has run for 10 seconds.
 * A process that ends on its own with exit code 0 has finished its work (a headless run of the load
 * generator) and is not started again.
 * Each restart is written to the service's log and counted for {@code ./shop status}. A service whose spec is
 * withdrawn ({@code ./shop down}) is stopped: SIGTERM, then SIGKILL after 10 seconds. The supervisor exits
 * once nothing is wanted or running.
 */
final class Supervisor {

    static final Duration POLL = Duration.ofMillis(100);
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    static final Duration STEADY = Duration.ofSeconds(10);
    private static final long[] BACKOFF_SECONDS = {0, 1, 2, 4, 8, 16, 32, 60};

    private final StateDir state;
    private final Map<String, Child> children = new ConcurrentHashMap<>();
    private final Map<String, Instant> notBefore = new HashMap<>();
    private final Map<String, Integer> failuresInARow = new HashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private boolean shuttingDown;

    /** A running service: its process when we started it, or just a handle when we adopted it. */
    private record Child(LaunchSpec spec, ProcessHandle handle, Process process, Instant started) {

        /**
         * The exit code of a child this supervisor started, or -1. The handle can report the process gone a
         * moment before the JDK has collected its exit code, when {@link Process#exitValue()} would throw.
         */
        int exitCode() {
            if (process == null) {
                return -1;
            }
            try {
                return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    Supervisor(StateDir state) {
        this.state = state;
    }

    /** Runs until nothing is wanted any more; a second supervisor on the same state exits at once. */
    static int run(Path stateRoot) throws IOException, InterruptedException {
        StateDir state = new StateDir(stateRoot);
        Optional<ProcessHandle> other = state.supervisor();
        if (other.isPresent() && other.get().pid() != ProcessHandle.current().pid()) {
            say("another supervisor runs already (pid " + other.get().pid() + ")");
            return 0;
        }
        Files.createDirectories(stateRoot);
        Files.writeString(
                state.supervisorPid(), Long.toString(ProcessHandle.current().pid()));
        Supervisor supervisor = new Supervisor(state);
        Runtime.getRuntime().addShutdownHook(new Thread(supervisor::stopEverything, "supervisor-stop"));
        say("supervising the services wanted in " + state.wantedDir());
        supervisor.loop();
        Files.deleteIfExists(state.supervisorPid());
        say("nothing is wanted any more: exiting");
        return 0;
    }

    /** Rounds until nothing is left to do; a round that fails is reported and the next one tries again. */
    void loop() throws InterruptedException {
        while (true) {
            try {
                if (!round()) {
                    return;
                }
            } catch (RuntimeException e) {
                say("a supervising round failed, trying again: " + e);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** One look at what is wanted and what runs; false once there is nothing left to do. */
    private synchronized boolean round() {
        if (shuttingDown) {
            return false;
        }
        Set<String> wanted = wanted();
        for (String service : wanted) {
            keep(service);
        }
        for (String service : new ArrayList<>(children.keySet())) {
            if (!wanted.contains(service)) {
                stopInBackground(service, children.remove(service));
            }
        }
        notBefore.keySet().retainAll(wanted);
        return !(wanted.isEmpty() && children.isEmpty() && stopping.isEmpty());
    }

    private Set<String> wanted() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(state.wantedDir())) {
            files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".properties"))
                    .forEach(name -> names.add(name.substring(0, name.length() - ".properties".length())));
        } catch (IOException e) {
            // no folder: nothing wanted
        }
        return names;
    }

    /** Makes sure the service runs: notices an exit, adopts a process left by an earlier supervisor, starts. */
    private void keep(String service) {
        Child child = children.get(service);
        if (child != null) {
            if (child.handle().isAlive()) {
                return;
            }
            children.remove(service);
            if (child.exitCode() == 0) {
                finished(service);
                return;
            }
            exited(service, child);
        } else if (!notBefore.containsKey(service) && !stopping.contains(service)) {
            Optional<ProcessHandle> orphan = StateDir.live(state.pid(service));
            if (orphan.isPresent()) {
                LaunchSpec spec = spec(service);
                if (spec != null) {
                    children.put(service, new Child(spec, orphan.get(), null, Instant.now()));
                    say("watching " + service + " (pid " + orphan.get().pid() + "), started before this supervisor");
                    return;
                }
            }
        }
        if (stopping.contains(service) || Instant.now().isBefore(notBefore.getOrDefault(service, Instant.MIN))) {
            return;
        }
        start(service);
    }

    private void start(String service) {
        LaunchSpec spec = spec(service);
        if (spec == null) {
            return;
        }
        try {
            Process process = spec.start();
            Files.createDirectories(state.pid(service).getParent());
            Files.writeString(state.pid(service), Long.toString(process.pid()));
            children.put(service, new Child(spec, process.toHandle(), process, Instant.now()));
        } catch (IOException e) {
            say("cannot start " + service + ": " + e.getMessage());
            notBefore.put(service, Instant.now().plus(backoff(service, Duration.ZERO)));
        }
    }

    private LaunchSpec spec(String service) {
        try {
            return LaunchSpec.read(state.wanted(service));
        } catch (IOException | RuntimeException e) {
            return null; // withdrawn meanwhile, or being rewritten: the next round sees it
        }
    }

    /** Records an exit, and when to start again. */
    private void exited(String service, Child child) {
        Duration ran = Duration.between(child.started(), Instant.now());
        Duration delay = backoff(service, ran);
        notBefore.put(service, Instant.now().plus(delay));
        StateDir.Restarts before = state.restartsOf(service);
        String why =
                describeExit(child) + " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " after " + human(ran);
        String line = service + " " + why + "; restart #" + (before.count() + 1)
                + (delay.isZero() ? " now" : " in " + delay.toSeconds() + " s");
        try {
            Files.deleteIfExists(state.pid(service));
            state.writeRestarts(service, new StateDir.Restarts(before.count() + 1, why));
            Files.writeString(
                    child.spec().log(),
                    "\n[shop] " + line + "\n\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the restart matters more than its bookkeeping
        }
        say(line);
    }

    private void finished(String service) {
        try {
            Files.deleteIfExists(state.wanted(service));
            Files.deleteIfExists(state.pid(service));
        } catch (IOException e) {
            // the next round tries again
        }
        say(service + " finished (exit code 0): not restarted");
    }

    /** No wait after a run of 10 s or more; otherwise 1, 2, 4 ... 60 s as failures follow one another. */
    private Duration backoff(String service, Duration ran) {
        int failures = ran.compareTo(STEADY) >= 0 ? 1 : failuresInARow.getOrDefault(service, 0) + 1;
        failuresInARow.put(service, failures);
        return Duration.ofSeconds(BACKOFF_SECONDS[Math.min(failures - 1, BACKOFF_SECONDS.length - 1)]);
    }

    private static String describeExit(Child child) {
        if (child.process() == null) {
            return "ended";
        }
        int code = child.exitCode();
        return code > 128 && code < 160
                ? "was killed by signal " + (code - 128) + " (exit code " + code + ")"
                : "exited with code " + code;
    }

    private void stopInBackground(String service, Child child) {
        stopping.add(service);
        Thread stopper = new Thread(
                () -> {
                    try {
                        stop(service, child);
                    } finally {
                        stopping.remove(service);
                    }
                },
                "stop-" + service);
        stopper.start();
    }

    /** SIGTERM, SIGKILL after the grace; then whatever the service left behind; then its pid file. */
    private void stop(String service, Child child) {
        say("stopping " + service + " (pid " + child.handle().pid() + ")");
        terminate(child.handle(), STOP_GRACE);
        String companion = child.spec().companionPidFile();
        if (companion != null) {
            StateDir.live(Path.of(companion)).ifPresent(process -> {
                say("stopping what " + service + " left running (pid " + process.pid() + ")");
                terminate(process, STOP_GRACE);
            });
        }
        try {
            Files.deleteIfExists(state.pid(service));
            Files.deleteIfExists(state.restarts(service));
        } catch (IOException e) {
            // nothing left to do about it
        }
        say("stopped " + service);
    }

    static void terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // gone or not, there is nothing stronger than SIGKILL
            }
        }
    }

    /** On the supervisor's own SIGTERM: stop every service, all at once. */
    private void stopEverything() {
        List<Thread> stoppers = new ArrayList<>();
        synchronized (this) {
            shuttingDown = true;
            children.forEach((service, child) -> {
                Thread stopper = new Thread(() -> stop(service, child), "stop-" + service);
                stopper.start();
                stoppers.add(stopper);
            });
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join(STOP_GRACE.plusSeconds(6).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
        try {
            Files.deleteIfExists(state.supervisorPid());
        } catch (IOException e) {
            // exiting anyway
        }
    }

    private static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format("%.1f s", duration.toMillis() / 1000.0);
        }
        return seconds < 3600
                ? seconds / 60 + " min " + seconds % 60 + " s"
                : seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
    }

    private static void say(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + line);
    }
}
