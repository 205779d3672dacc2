package boutique.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The launcher's folder of state ({@code .shop/}), shared by the {@code ./shop} commands and the supervisor:
 * <ul>
 *   <li>{@code wanted/<service>.properties}: the services that should run, each with its {@link LaunchSpec};
 *   <li>{@code pids/<service>.pid}: the process running it now, written by the supervisor;
 *   <li>{@code restarts/<service>.properties}: how often the supervisor restarted it, and why the last time;
 *   <li>{@code logs/<service>.log}, {@code logs/supervisor.log} and {@code supervisor.pid}.
 * </ul>
 */
record StateDir(Path root) {

    Path wanted(String service) {
        return root.resolve("wanted").resolve(service + ".properties");
    }

    Path wantedDir() {
        return root.resolve("wanted");
    }

    Path pid(String service) {
        return root.resolve("pids").resolve(service + ".pid");
    }

    Path restarts(String service) {
        return root.resolve("restarts").resolve(service + ".properties");
    }

    Path log(String service) {
        return root.resolve("logs").resolve(service + ".log");
    }

    Path supervisorPid() {
        return root.resolve("supervisor.pid");
    }

    /** The live process a pid file names; empty when there is none or it has ended. */
    static Optional<ProcessHandle> live(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    Optional<ProcessHandle> supervisor() {
        return live(supervisorPid());
    }

    /** How many times the supervisor restarted the service since {@code ./shop up} started it. */
    Restarts restartsOf(String service) {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(restarts(service))) {
            properties.load(in);
            return new Restarts(
                    Integer.parseInt(properties.getProperty("count", "0")), properties.getProperty("last", ""));
        } catch (IOException | NumberFormatException e) {
            return Restarts.NONE;
        }
    }

    void writeRestarts(String service, Restarts restarts) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("count", Integer.toString(restarts.count()));
        properties.setProperty("last", restarts.last());
        Files.createDirectories(restarts(service).getParent());
        try (var out = Files.newBufferedWriter(restarts(service))) {
            properties.store(out, null);
        }
    }

    record Restarts(int count, String last) {
        static final Restarts NONE = new Restarts(0, "");
    }
}
