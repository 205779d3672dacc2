package boutique.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The shop's local launcher, behind the {@code ./shop} script: hands each service (its own JVM, its log in
 * {@code .shop/logs}) to the {@link Supervisor}, which keeps it running in the background and restarts it when
 * it dies, shows each one turning healthy, and stops them again. Ports and addresses come from
 * {@code deploy/.env}; any variable set in the caller's environment wins.
 */
public final class Shop {

    static final long START_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(120);

    /** The supervisor only watches processes and files: a small heap, no optimising compiler. */
    static final List<String> SUPERVISOR_JAVA_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xss256k",
            "-Xms4m",
            "-Xmx16m",
            "-XX:+ExitOnOutOfMemoryError");

    private final Path root;
    private final StateDir state;
    private final Map<String, String> env;
    private final boolean collectorChosen;
    private final ServiceJava java;

    Shop(Path root, Path state, Map<String, String> env, boolean collectorChosen) {
        this.root = root;
        this.state = new StateDir(state);
        this.env = new LinkedHashMap<>(env);
        this.collectorChosen = collectorChosen;
        this.java = ServiceJava.choose(this.env);
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
        // Without a PostgreSQL of its own, the flag service runs an embedded one: keep its data and its unpacked
        // binaries with the run, so a new temp folder does not mean unpacking again.
        env.putIfAbsent(
                "FEATURE_FLAG_EMBEDDED_DATA_DIR",
                state.resolve("data/featureflagservice-postgres").toString());
        env.putIfAbsent(
                "FEATURE_FLAG_EMBEDDED_BINARIES_DIR",
                state.resolve("data/postgres-binaries").toString());
        return new Shop(root, state, env, overrides.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("supervise")) {
            System.exit(Supervisor.run(Path.of(args[1])));
        }
        if (args.length == 2 && args[0].equals("noop-payment")) {
            LoopbackBench.noopPayment(Integer.parseInt(args[1])).awaitTermination();
            return;
        }
        Path root =
                Path.of(System.getProperty("shop.root", ".")).toAbsolutePath().normalize();
        String command = args.length == 0 ? "help" : args[0];
        List<String> names = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int exit;
        try {
            exit = run(of(root, root.resolve(".shop"), System.getenv()), command, names);
        } catch (NumberFormatException e) {
            System.err.println("not a number where one is expected: " + e.getMessage());
            exit = 2;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            exit = 2;
        }
        System.exit(exit);
    }

    private static int run(Shop shop, String command, List<String> names) throws Exception {
        return switch (command) {
            case "up", "start" -> shop.up(shop.select(names));
            case "down", "stop" -> shop.down(shop.select(names));
            case "status" -> shop.status();
            case "bench" -> {
                if (!names.isEmpty() && names.get(0).equals("capacity")) {
                    yield new CapacityBench(shop)
                            .run(
                                    names.size() > 1 ? Integer.parseInt(names.get(1)) : 32,
                                    shop.env().getOrDefault("BENCH_RUN_TIME", "60s"));
                }
                if (names.equals(List.of("loopback"))) {
                    yield new LoopbackBench(shop).run(Duration.ofSeconds(10), Duration.ofSeconds(15));
                }
                yield new Bench(shop).run(shop.select(names));
            }
            case "loadgen" ->
                names.equals(List.of("stop")) ? shop.down(List.of(ServiceDef.LOADGENERATOR)) : shop.loadgen();
            case "sink" -> sink(names.isEmpty() ? 4317 : Integer.parseInt(names.get(0)));
            default -> usage();
        };
    }

    private static int usage() {
        System.out.println("""
                usage: ./shop COMMAND [SERVICE...]
                  up [SERVICE...]     build if needed, start the services (all by default), wait until healthy
                  down [SERVICE...]   stop the services (all by default); until then, a service that dies is
                                      restarted
                  status              each service: running, healthy, restarts, memory, port
                  logs SERVICE        follow a service's log
                  loadgen [stop]      start (or stop) the simulated shoppers against the running shop
                                      (LOCUST_USERS, LOCUST_RUN_TIME, ... as in deploy/.env)
                  bench [SERVICE...]  cold-start each service alone: time to healthy, memory before and after load
                  bench capacity [USERS]
                                      the capacity simulation (32 users, BENCH_RUN_TIME 60s) against the running
                                      shop: requests/s, percentiles, CPU ms per request and RSS of every service
                  bench loopback      Charge calls/s of the running payment service against a do-nothing
                                      grpc-java server, same client, same JVM options
                  sink [PORT]         in the foreground, a stand-in collector on 127.0.0.1:4317 that drops what
                                      it receives: start it before ./shop up to run the shop with telemetry on
                the services run on the JDK in SHOP_JAVA_HOME, else the newest JDK of release 25 or later beside the
                one running ./shop (they start sooner from its AOT cache), else that one
                """);
        return 2;
    }

    /** Runs an {@link OtlpSink} until interrupted, saying every 10 s what it has received. */
    private static int sink(int port) throws IOException, InterruptedException {
        try (OtlpSink sink = new OtlpSink(port)) {
            System.out.printf(
                    "dropping OTLP/gRPC exports on 127.0.0.1:%d; a ./shop up started now exports to it (Ctrl-C ends)%n",
                    sink.port());
            while (true) {
                Thread.sleep(10_000);
                System.out.println(sink.summary());
            }
        }
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
                if (!Files.exists(state.wanted(service.name()))) {
                    // Left by a supervisor that was killed: a new one takes it over.
                    spec(service, List.of()).write(state.wanted(service.name()));
                }
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
        if (!toStart.isEmpty()) {
            System.out.printf("  java: %d, %s (SHOP_JAVA_HOME chooses another)%n", java.release(), java.home());
            chooseTelemetry();
        }
        for (ServiceDef service : toStart) {
            want(service);
        }
        long started = System.nanoTime();
        List<ServiceDef> waiting = new ArrayList<>(toStart);
        while (!waiting.isEmpty()) {
            ensureSupervisor();
            for (var it = waiting.iterator(); it.hasNext(); ) {
                ServiceDef service = it.next();
                StateDir.Restarts restarts = state.restartsOf(service.name());
                if (restarts.count() > 0) {
                    return failed(service, restarts.last(), toStart);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                if (running(service).isPresent() && service.healthy(env)) {
                    System.out.printf(
                            "  \u2713 %-22s healthy after %4.1f s   %s%n", service.name(), seconds, describe(service));
                    it.remove();
                } else if (seconds * 1000 > START_TIMEOUT_MILLIS) {
                    return failed(service, "did not become healthy in " + START_TIMEOUT_MILLIS / 1000 + " s", toStart);
                }
            }
            Thread.sleep(200);
        }
        if (services.stream().anyMatch(s -> s.name().equals("frontend"))) {
            System.out.printf(
                    "%nthe shop is up: http://localhost:%s   feature flags: http://localhost:%s%n",
                    env.get("FRONTEND_PORT"), env.get("FEATURE_FLAG_SERVICE_PORT"));
        }
        System.out.println("services that stop are restarted by the supervisor; logs: ./shop logs SERVICE   "
                + "status: ./shop status   stop: ./shop down");
        return 0;
    }

    /**
     * Telemetry goes where {@code OTEL_EXPORTER_OTLP_ENDPOINT} says when the caller set it, or to a collector
     * answering on this machine (deploy/.env names {@code otelcol:4317}, here 127.0.0.1:4317); with neither, the
     * services trace and put the ids in their logs but export nothing.
     */
    private void chooseTelemetry() {
        String endpoint = env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "");
        if (collectorChosen || "true".equals(env.get("OTEL_SDK_DISABLED"))) {
            return;
        }
        if (!endpoint.isBlank() && answers(endpoint.replaceFirst("^\\w+://", "").replaceFirst("/.*$", ""), 4317)) {
            System.out.printf("  telemetry: exporting to the collector at %s%n", endpoint);
            return;
        }
        for (String signal : List.of("OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER")) {
            env.putIfAbsent(signal, "none");
        }
        System.out.printf(
                "  telemetry: no collector answers at %s, so nothing is exported (run one there, or set "
                        + "OTEL_EXPORTER_OTLP_ENDPOINT)%n",
                endpoint);
    }

    /** Hands the service to the supervisor: a fresh log, no restarts yet, and how to run it. */
    private void want(ServiceDef service) throws IOException {
        LaunchSpec spec = spec(service, List.of());
        Files.createDirectories(spec.log().getParent());
        Files.writeString(spec.log(), "");
        Files.deleteIfExists(state.restarts(service.name()));
        spec.write(state.wanted(service.name()));
    }

    /** Starts the service from here, with no supervisor to restart it (for the benchmark). */
    Process startUnsupervised(ServiceDef service) throws IOException {
        LaunchSpec spec = spec(service, List.of());
        Files.createDirectories(spec.log().getParent());
        Files.writeString(spec.log(), "");
        Process process = spec.start();
        Files.createDirectories(state.pid(service.name()).getParent());
        Files.writeString(state.pid(service.name()), Long.toString(process.pid()));
        return process;
    }

    /** Starts the supervisor unless one runs; it keeps every wanted service running until it is unwanted. */
    void ensureSupervisor() throws IOException, InterruptedException {
        if (state.supervisor().isPresent()) {
            return;
        }
        Path jar = ServiceDef.LAUNCHER.jar(root);
        if (jar == null) {
            throw new IllegalStateException("the launcher is not built: run ./mvnw -DskipTests package");
        }
        Path log = state.log("supervisor");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("setsid", javaBinary()));
        command.addAll(SUPERVISOR_JAVA_OPTIONS);
        command.addAll(List.of("-jar", jar.toString(), "supervise", state.root().toString()));
        Process supervisor = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (state.supervisor().isEmpty()) {
            if (!supervisor.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the supervisor did not start; see " + log);
            }
            Thread.sleep(50);
        }
    }

    private int failed(ServiceDef service, String why, List<ServiceDef> starting)
            throws IOException, InterruptedException {
        System.out.printf("%n  \u2717 %s %s. The end of its log (%s):%n%n", service.name(), why, log(service));
        List<String> lines = Files.readAllLines(log(service));
        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> System.out.println("    " + l));
        System.out.println("\nstopping the services started by this command");
        down(starting);
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
        chooseTelemetry();
        want(loadgen);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(running(loadgen).isPresent() && loadgen.healthy(env))) {
            ensureSupervisor();
            StateDir.Restarts restarts = state.restartsOf(loadgen.name());
            if (restarts.count() > 0 || System.nanoTime() > deadline) {
                return failed(loadgen, restarts.count() > 0 ? restarts.last() : "did not start", List.of(loadgen));
            }
            Thread.sleep(200);
        }
        System.out.printf(
                "the load generator is running %s users against %s: http://localhost:%s%n"
                        + "stop it: ./shop loadgen stop%n",
                env.get("LOCUST_USERS"), env.get("LOCUST_HOST"), loadgen.port(env));
        return 0;
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
                ClassDataArchive cds = new ClassDataArchive(state.root(), service, jar, java);
                if (!cds.isCurrent()) {
                    trainings.put(cds, cds.startTraining(javaOptions(service), env));
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

    /**
     * How the service runs: its JVM options, {@code extraJavaOptions}, from its class-data archive when there is
     * one, with this shop's environment.
     */
    LaunchSpec spec(ServiceDef service, List<String> extraJavaOptions) {
        List<String> command = new ArrayList<>(List.of(java.binary()));
        command.addAll(javaOptions(service));
        command.addAll(extraJavaOptions);
        command.addAll(java.options());
        command.addAll(
                usesClassData(service)
                        ? new ClassDataArchive(state.root(), service, service.jar(root), java).launchArguments()
                        : List.of("-jar", service.jar(root).toString()));
        Map<String, String> serviceEnv = new LinkedHashMap<>(env);
        serviceEnv.putIfAbsent("OTEL_SERVICE_NAME", service.name());
        if (service.name().equals("cartservice") && !redisAnswers()) {
            // The cart service would wait for its Redis, NOT_SERVING; without one here, carts live in memory.
            serviceEnv.put("REDIS_ADDR", "");
        }
        return new LaunchSpec(
                service.name(),
                command,
                serviceEnv,
                state.root().resolve("run").resolve(service.name()),
                log(service),
                service.companionPidFile(env));
    }

    /** Whether the Redis of REDIS_ADDR answers; says what happens to the carts when it does not. */
    private boolean redisAnswers() {
        String address = env.getOrDefault("REDIS_ADDR", "").strip();
        if (address.isEmpty()) {
            return true;
        }
        if (answers(address, 6379)) {
            return true;
        }
        System.out.printf(
                "  ! no Redis answers at %s (REDIS_ADDR): the cart service keeps carts IN MEMORY, and they are "
                        + "lost when it restarts.%n    Start Redis, then: ./shop down cartservice && ./shop up "
                        + "cartservice%n",
                address);
        return false;
    }

    /** Spring Boot services start from a class-data archive unless {@code SHOP_CDS=off}. */
    private boolean usesClassData(ServiceDef service) {
        return service.module().startsWith("services/") && !"off".equals(env.get("SHOP_CDS"));
    }

    List<String> javaOptions() {
        return options("SHOP_JAVA_OPTS");
    }

    /**
     * A service's JVM options: {@code SHOP_JAVA_OPTS}, then the launcher's own for it, then its variable
     * ({@code FRONTEND_JAVA_OPTS} for the frontend), so that a later option (a larger heap) wins.
     */
    List<String> javaOptions(ServiceDef service) {
        List<String> options = new ArrayList<>(javaOptions());
        options.addAll(service.javaOptions());
        options.addAll(options(service.javaOptionsVariable()));
        return options;
    }

    /** The JVM options in {@code variable}, split at whitespace; none when it is unset or blank. */
    List<String> options(String variable) {
        String options = env.getOrDefault(variable, "").strip();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    /**
     * Stops the services for good: the supervisor is told they are no longer wanted and stops them (SIGTERM,
     * SIGKILL after 10 s). Without a supervisor (it was killed), their processes are stopped from here.
     */
    int down(List<ServiceDef> services) throws IOException, InterruptedException {
        Map<ServiceDef, Long> stopping = new LinkedHashMap<>();
        for (ServiceDef service : services) {
            running(service).ifPresent(pid -> stopping.put(service, pid));
            Files.deleteIfExists(state.wanted(service.name()));
        }
        stopping.forEach((service, pid) -> System.out.printf("  stopping %-22s (pid %d)%n", service.name(), pid));
        if (state.supervisor().isEmpty()) {
            stopping.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
        }
        long deadline =
                System.nanoTime() + Supervisor.STOP_GRACE.plusSeconds(10).toNanos();
        for (var entry : stopping.entrySet()) {
            Optional<ProcessHandle> process = ProcessHandle.of(entry.getValue());
            while (process.isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            process.filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (state.supervisor().isEmpty()) {
            for (ServiceDef service : services) {
                Files.deleteIfExists(state.pid(service.name()));
            }
        }
        System.out.println(stopping.isEmpty() ? "nothing was running" : "stopped");
        return 0;
    }

    int status() {
        System.out.println(state.supervisor()
                .map(p -> "supervisor: pid " + p.pid() + " (restarts services that stop)")
                .orElse("supervisor: not running"));
        System.out.printf(
                "  %-22s %-8s %-8s %-9s %-9s %s%n", "SERVICE", "PID", "HEALTHY", "RESTARTS", "RSS", "ADDRESS");
        List<String> lastRestarts = new ArrayList<>();
        for (ServiceDef service : ServiceDef.ALL) {
            Optional<Long> pid = running(service);
            boolean wanted = Files.exists(state.wanted(service.name()));
            String healthy = pid.isEmpty() ? "-" : service.healthy(env) ? "yes" : "no";
            String rss = pid.map(p -> rssMegabytes(p) + " MB").orElse("-");
            StateDir.Restarts restarts = state.restartsOf(service.name());
            if (restarts.count() > 0) {
                lastRestarts.add(service.name() + " " + restarts.last());
            }
            System.out.printf(
                    "  %-22s %-8s %-8s %-9s %-9s %s%n",
                    service.name(),
                    pid.map(String::valueOf).orElse(wanted ? "starting" : "down"),
                    healthy,
                    restarts.count(),
                    rss,
                    describe(service));
        }
        if (!lastRestarts.isEmpty()) {
            System.out.println("\nlast restart of each:");
            lastRestarts.forEach(line -> System.out.println("  " + line));
        }
        return 0;
    }

    /** Where the service listens, and for the cart service, where the carts are. */
    String describe(ServiceDef service) {
        String where = service.describe(env);
        if (!service.name().equals("cartservice")) {
            return where;
        }
        String redis = env.getOrDefault("REDIS_ADDR", "");
        try {
            redis = LaunchSpec.read(state.wanted(service.name())).env().getOrDefault("REDIS_ADDR", redis);
        } catch (IOException e) {
            // not started by this shop: as the environment says
        }
        return where + (redis.isBlank() ? ", carts IN MEMORY (no Redis)" : ", carts in Redis at " + redis);
    }

    /** The pid of the service when its pid file names a live process. */
    Optional<Long> running(ServiceDef service) {
        return StateDir.live(state.pid(service.name())).map(ProcessHandle::pid);
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

    /** Whether something accepts connections at {@code host:port} ({@code defaultPort} when none is given). */
    static boolean answers(String address, int defaultPort) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        try (Socket socket = new Socket()) {
            int port = colon < 0 ? defaultPort : Integer.parseInt(address.substring(colon + 1));
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
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
        return state.log(service.name());
    }

    StateDir state() {
        return state;
    }

    /** The launcher's own Java, for the supervisor and the load generator. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The Java the services run on. */
    ServiceJava serviceJava() {
        return java;
    }

    Path root() {
        return root;
    }

    Map<String, String> env() {
        return env;
    }
}
