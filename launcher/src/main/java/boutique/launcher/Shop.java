package boutique.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The shop's local launcher, behind the {@code ./shop} script: starts each service as its own JVM in the
 * background with its log in {@code .shop/logs}, shows each one turning healthy, and stops them again.
 * Ports and addresses come from {@code deploy/.env}; any variable set in the caller's environment wins.
 */
public final class Shop {

    static final long START_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);

    private final Path root;
    private final Path state;
    private final Map<String, String> env;

    Shop(Path root, Path state, Map<String, String> env) {
        this.root = root;
        this.state = state;
        this.env = new LinkedHashMap<>(env);
    }

    /**
     * The shop of the project at {@code root}, its state (logs, pids) under {@code state}, configured by
     * {@code deploy/.env} with {@code overrides} winning.
     */
    static Shop of(Path root, Path state, Map<String, String> overrides) throws IOException {
        Set<String> localHosts = new HashSet<>(ServiceDef.INFRASTRUCTURE_HOSTS);
        ServiceDef.ALL.forEach(s -> localHosts.add(s.name()));
        Map<String, String> env = EnvFile.load(root.resolve("deploy/.env"), overrides, localHosts);
        overrides.forEach(env::putIfAbsent);
        // Without a PostgreSQL of its own, the flag service runs an embedded one: keep its data with the run.
        env.putIfAbsent(
                "FEATURE_FLAG_EMBEDDED_DATA_DIR",
                overrides.getOrDefault(
                        "FEATURE_FLAG_EMBEDDED_DATA_DIR",
                        state.resolve("data/featureflagservice-postgres").toString()));
        return new Shop(root, state, env);
    }

    public static void main(String[] args) throws Exception {
        Path root =
                Path.of(System.getProperty("shop.root", ".")).toAbsolutePath().normalize();
        Shop shop = of(root, root.resolve(".shop"), System.getenv());
        String command = args.length == 0 ? "help" : args[0];
        List<String> names = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int exit = switch (command) {
            case "up", "start" -> shop.up(shop.select(names));
            case "down", "stop" -> shop.down(shop.select(names));
            case "status" -> shop.status();
            case "bench" -> new Bench(shop).run(shop.select(names));
            case "loadgen" ->
                names.equals(List.of("stop")) ? shop.down(List.of(ServiceDef.LOADGENERATOR)) : shop.loadgen();
            default -> usage();
        };
        System.exit(exit);
    }

    private static int usage() {
        System.out.println("""
                usage: ./shop COMMAND [SERVICE...]
                  up [SERVICE...]     build if needed, start the services (all by default), wait until healthy
                  down [SERVICE...]   stop the services (all by default)
                  status              each service: running, healthy, port, memory
                  logs SERVICE        follow a service's log
                  loadgen [stop]      start (or stop) the simulated shoppers against the running shop
                                      (LOCUST_USERS, LOCUST_RUN_TIME, ... as in deploy/.env)
                  bench [SERVICE...]  cold-start each service alone: time to healthy, memory before and after load
                """);
        return 2;
    }

    List<ServiceDef> select(List<String> names) {
        if (names.isEmpty()) {
            return ServiceDef.ALL;
        }
        List<ServiceDef> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(ServiceDef.ALL.stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no service named " + name + "; known: "
                            + ServiceDef.ALL.stream().map(ServiceDef::name).toList())));
        }
        return chosen;
    }

    int up(List<ServiceDef> services) throws IOException, InterruptedException {
        List<ServiceDef> toStart = new ArrayList<>();
        for (ServiceDef service : services) {
            Optional<Long> pid = running(service);
            if (pid.isPresent()) {
                System.out.printf("  = %-22s already running (pid %d)%n", service.name(), pid.get());
                continue;
            }
            for (int port : service.ports(env)) {
                if (listening(port)) {
                    System.out.printf(
                            "%nport %d, which %s needs, is taken by another program; stop it or set a "
                                    + "different port in the environment (see deploy/.env)%n",
                            port, service.name());
                    return 1;
                }
            }
            if (service.jar(root) == null) {
                System.out.printf("%n%s is not built: run ./mvnw -DskipTests package%n", service.name());
                return 1;
            }
            toStart.add(service);
        }
        prepareClassData(toStart);
        Map<ServiceDef, Process> starting = new LinkedHashMap<>();
        for (ServiceDef service : toStart) {
            starting.put(service, launch(service));
        }
        long started = System.nanoTime();
        Map<ServiceDef, Process> waiting = new LinkedHashMap<>(starting);
        while (!waiting.isEmpty()) {
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                ServiceDef service = entry.getKey();
                if (!entry.getValue().isAlive()) {
                    return failed(
                            service, "exited with code " + entry.getValue().exitValue(), starting);
                }
                boolean healthy = service.healthy(env);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (healthy) {
                    System.out.printf(
                            "  \u2713 %-22s healthy after %4.1f s   %s%n",
                            service.name(), seconds, service.describe(env));
                    it.remove();
                } else if (seconds * 1000 > START_TIMEOUT_MILLIS) {
                    return failed(service, "did not become healthy in " + START_TIMEOUT_MILLIS / 1000 + " s", starting);
                }
            }
            Thread.sleep(200);
        }
        if (services.stream().anyMatch(s -> s.name().equals("frontend"))) {
            System.out.printf(
                    "%nthe shop is up: http://localhost:%s   feature flags: http://localhost:%s%n",
                    env.get("FRONTEND_PORT"), env.get("FEATURE_FLAG_SERVICE_PORT"));
        }
        System.out.println("logs: ./shop logs SERVICE   status: ./shop status   stop: ./shop down");
        return 0;
    }

    private int failed(ServiceDef service, String why, Map<ServiceDef, Process> starting)
            throws IOException, InterruptedException {
        System.out.printf("%n  \u2717 %s %s. The end of its log (%s):%n%n", service.name(), why, log(service));
        List<String> lines = Files.readAllLines(log(service));
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> System.out.println("    " + l));
        System.out.println("\nstopping the services started by this command");
        stopAll(starting);
        return 1;
    }

    /**
     * Starts the load generator with the LOCUST_* settings of deploy/.env and the environment (LOCUST_HOST is
     * this shop's frontend unless set), and waits for its status page.
     */
    int loadgen() throws IOException, InterruptedException {
        ServiceDef loadgen = ServiceDef.LOADGENERATOR;
        if (running(loadgen).isPresent()) {
            System.out.println("the load generator is already running: http://localhost:" + loadgen.port(env));
            return 0;
        }
        Map<ServiceDef, Process> started = new LinkedHashMap<>();
        started.put(loadgen, launch(loadgen));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!loadgen.healthy(env)) {
            if (!started.get(loadgen).isAlive() || System.nanoTime() > deadline) {
                return failed(loadgen, "did not start", started);
            }
            Thread.sleep(200);
        }
        System.out.printf(
                "the load generator is running %s users against %s: http://localhost:%s%n"
                        + "stop it: ./shop loadgen stop%n",
                env.get("LOCUST_USERS"), env.get("LOCUST_HOST"), loadgen.port(env));
        return 0;
    }

    Process launch(ServiceDef service) throws IOException {
        return launch(service, List.of());
    }

    /**
     * Records the class-data archives that are missing or older than their jar, all at once (a training
     * start per service), so that every later start is quick. Only Spring Boot services have one.
     */
    void prepareClassData(List<ServiceDef> services) throws IOException, InterruptedException {
        Map<ClassDataArchive, Process> trainings = new LinkedHashMap<>();
        for (ServiceDef service : services) {
            Path jar = service.jar(root);
            if (jar != null && usesClassData(service)) {
                ClassDataArchive cds = new ClassDataArchive(state, service, jar);
                if (!cds.isCurrent()) {
                    List<String> options = new ArrayList<>(javaOptions());
                    options.addAll(service.javaOptions());
                    trainings.put(cds, cds.startTraining(options, env));
                }
            }
        }
        if (!trainings.isEmpty()) {
            System.out.printf("recording class-data archives for %d services (once per build)...%n", trainings.size());
        }
        for (var training : trainings.entrySet()) {
            training.getKey().finishTraining(training.getValue());
        }
    }

    Process launch(ServiceDef service, List<String> extraJavaOptions) throws IOException {
        Path workDir = Files.createDirectories(state.resolve("run").resolve(service.name()));
        Files.createDirectories(state.resolve("logs"));
        Files.createDirectories(state.resolve("pids"));
        List<String> command = new ArrayList<>(List.of("setsid", javaBinary()));
        command.addAll(javaOptions());
        command.addAll(service.javaOptions());
        command.addAll(extraJavaOptions);
        command.addAll(
                usesClassData(service)
                        ? new ClassDataArchive(state, service, service.jar(root)).launchArguments()
                        : List.of("-jar", service.jar(root).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log(service).toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        Files.writeString(pidFile(service), Long.toString(process.pid()));
        return process;
    }

    /** Spring Boot services start from a class-data archive unless {@code SHOP_CDS=off}. */
    private boolean usesClassData(ServiceDef service) {
        return service.module().startsWith("services/") && !"off".equals(env.get("SHOP_CDS"));
    }

    List<String> javaOptions() {
        String options = env.getOrDefault("SHOP_JAVA_OPTS", "").strip();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    int down(List<ServiceDef> services) throws InterruptedException {
        List<ProcessHandle> stopping = new ArrayList<>();
        for (ServiceDef service : services) {
            running(service).flatMap(ProcessHandle::of).ifPresent(process -> {
                process.destroy();
                stopping.add(process);
                System.out.printf("  stopping %-22s (pid %d)%n", service.name(), process.pid());
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle process : stopping) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (ServiceDef service : services) {
            try {
                Files.deleteIfExists(pidFile(service));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.out.println(stopping.isEmpty() ? "nothing was running" : "stopped");
        return 0;
    }

    private void stopAll(Map<ServiceDef, Process> started) throws InterruptedException {
        down(new ArrayList<>(started.keySet()));
    }

    int status() {
        System.out.printf("  %-22s %-8s %-8s %-9s %s%n", "SERVICE", "PID", "HEALTHY", "RSS", "ADDRESS");
        for (ServiceDef service : ServiceDef.ALL) {
            Optional<Long> pid = running(service);
            String healthy = pid.isEmpty() ? "-" : service.healthy(env) ? "yes" : "no";
            String rss = pid.map(p -> rssMegabytes(p) + " MB").orElse("-");
            System.out.printf(
                    "  %-22s %-8s %-8s %-9s %s%n",
                    service.name(), pid.map(String::valueOf).orElse("down"), healthy, rss, service.describe(env));
        }
        return 0;
    }

    /** The pid of the service when its pid file names a live process. */
    Optional<Long> running(ServiceDef service) {
        try {
            Path file = pidFile(service);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static long rssMegabytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Path log(ServiceDef service) {
        return state.resolve("logs").resolve(service.name() + ".log");
    }

    private Path pidFile(ServiceDef service) {
        return state.resolve("pids").resolve(service.name() + ".pid");
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Path root() {
        return root;
    }

    Map<String, String> env() {
        return env;
    }
}
