package boutique.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./shop bench capacity}: the load generator's capacity simulation (the shoppers' mix, no pauses) against
 * the running shop, and what it cost: requests per second and percentiles from the load generator, and, read
 * from {@code /proc} over exactly the simulation's run, the CPU time each service's processes used (the flag
 * service's embedded PostgreSQL included), per request and as a share of a core, and each service's memory.
 * The load generator's own CPU is shown apart and not counted as the shop's.
 */
final class CapacityBench {

    /** The summary row of the capacity table the load generator prints. */
    static final Pattern ALL_ROW = Pattern.compile(
            "\\| \\*\\*all\\*\\* \\| (\\d+) \\| ([\\d.]+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|");

    private static final long TICKS_PER_SECOND = 100;

    private final Shop shop;

    CapacityBench(Shop shop) {
        this.shop = shop;
    }

    /** Results of one run, for the printed table and the tests. */
    record Result(
            long requests,
            double perSecond,
            long failures,
            long p50,
            long p95,
            long p99,
            double seconds,
            Map<String, Double> cpuSeconds,
            Map<String, Long> rssMegabytes,
            double loadGeneratorCpuSeconds) {

        double shopCpuSeconds() {
            return cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        double cpuMillisPerRequest(double cpuSeconds) {
            return requests == 0 ? 0 : cpuSeconds * 1000 / requests;
        }
    }

    int run(int users, String runTime) throws IOException, InterruptedException {
        for (ServiceDef service : ServiceDef.ALL) {
            if (shop.running(service).isEmpty() || !service.healthy(shop.env())) {
                System.out.printf("%s is not running and healthy: start the shop first (./shop up)%n", service.name());
                return 1;
            }
        }
        Path jar = ServiceDef.LOADGENERATOR.jar(shop.root());
        if (jar == null) {
            System.out.println("the load generator is not built: ./mvnw -DskipTests package");
            return 1;
        }
        System.out.printf("capacity: %d users, no pauses, %s, against the running shop...%n", users, runTime);
        Result result = measure(jar, users, runTime);
        if (result == null) {
            return 1;
        }
        print(result, users);
        return result.failures() == 0 ? 0 : 1;
    }

    /**
     * The first line Gatling prints once the simulation is over: "Simulation ... completed in" in older
     * versions, "Parsing log file(s)..." (the report starting) in 3.14.
     */
    static boolean simulationEnded(String line) {
        return (line.contains("Simulation") && line.contains("completed in")) || line.startsWith("Parsing log file");
    }

    private Result measure(Path jar, int users, String runTime) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Shop.javaBinary(), "-XX:+UseSerialGC", "-Xmx512m", "-jar", jar.toString(), "capacity"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(shop.env());
        builder.environment()
                .put("LOCUST_HOST", "http://127.0.0.1:" + shop.env().get("FRONTEND_PORT"));
        builder.environment().put("LOCUST_USERS", Integer.toString(users));
        builder.environment().put("LOCUST_RUN_TIME", runTime);
        builder.environment().put("OTEL_SERVICE_NAME", "loadgenerator");
        Process generator = builder.start();
        Map<String, Long> before = null;
        long generatorBefore = 0;
        long startNanos = 0;
        Map<String, Long> after = null;
        long generatorAfter = 0;
        long endNanos = 0;
        Matcher summary = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(generator.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (before == null && line.contains("Simulation") && line.contains("started")) {
                    before = ticks();
                    generatorBefore = ticksOf(generator.pid());
                    startNanos = System.nanoTime();
                } else if (after == null && before != null && simulationEnded(line)) {
                    after = ticks();
                    generatorAfter = ticksOf(generator.pid());
                    endNanos = System.nanoTime();
                }
                Matcher row = ALL_ROW.matcher(line);
                if (row.find()) {
                    summary = row;
                }
                if (line.startsWith("|") || line.startsWith("Capacity")) {
                    System.out.println("  " + line);
                }
            }
        }
        generator.waitFor();
        if (before == null || after == null || summary == null) {
            System.out.println("the load generator did not run the simulation to its end (exit code "
                    + generator.exitValue() + ")");
            return null;
        }
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        for (ServiceDef service : ServiceDef.ALL) {
            cpu.put(
                    service.name(),
                    (after.getOrDefault(service.name(), 0L) - before.getOrDefault(service.name(), 0L))
                            / (double) TICKS_PER_SECOND);
            rss.put(
                    service.name(),
                    processesOf(service).stream().mapToLong(Shop::rssMegabytes).sum());
        }
        return new Result(
                Long.parseLong(summary.group(1)),
                Double.parseDouble(summary.group(2)),
                Long.parseLong(summary.group(3)),
                Long.parseLong(summary.group(4)),
                Long.parseLong(summary.group(5)),
                Long.parseLong(summary.group(6)),
                (endNanos - startNanos) / 1e9,
                cpu,
                rss,
                (generatorAfter - generatorBefore) / (double) TICKS_PER_SECOND);
    }

    private static void print(Result r, int users) {
        System.out.printf(
                Locale.ROOT,
                "%n%d users, %.0f s: %d requests, %.0f/s, %d failed, p50 %d ms, p95 %d ms, p99 %d ms%n%n",
                users,
                r.seconds(),
                r.requests(),
                r.perSecond(),
                r.failures(),
                r.p50(),
                r.p95(),
                r.p99());
        System.out.println("| process | CPU s | CPU ms per request | share of a core | RSS MB |");
        System.out.println("|---|---:|---:|---:|---:|");
        r.cpuSeconds()
                .forEach((service, seconds) -> System.out.printf(
                        Locale.ROOT,
                        "| %s | %.1f | %.3f | %.2f | %d |%n",
                        service,
                        seconds,
                        r.cpuMillisPerRequest(seconds),
                        seconds / r.seconds(),
                        r.rssMegabytes().get(service)));
        long totalRss =
                r.rssMegabytes().values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(
                Locale.ROOT,
                "| **the shop** | %.1f | **%.3f** | %.2f | %d |%n",
                r.shopCpuSeconds(),
                r.cpuMillisPerRequest(r.shopCpuSeconds()),
                r.shopCpuSeconds() / r.seconds(),
                totalRss);
        System.out.printf(
                Locale.ROOT,
                "| load generator (not the shop) | %.1f | %.3f | %.2f | |%n",
                r.loadGeneratorCpuSeconds(),
                r.cpuMillisPerRequest(r.loadGeneratorCpuSeconds()),
                r.loadGeneratorCpuSeconds() / r.seconds());
    }

    /** CPU ticks (user and system) so far of each service's processes. */
    private Map<String, Long> ticks() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (ServiceDef service : ServiceDef.ALL) {
            ticks.put(
                    service.name(),
                    processesOf(service).stream()
                            .mapToLong(CapacityBench::ticksOf)
                            .sum());
        }
        return ticks;
    }

    /** The service's JVM, and for the flag service its embedded PostgreSQL and that server's workers. */
    private List<Long> processesOf(ServiceDef service) {
        List<Long> pids = new ArrayList<>();
        shop.running(service).ifPresent(pids::add);
        Optional.ofNullable(service.companionPidFile(shop.env()))
                .flatMap(file -> StateDir.live(Path.of(file)))
                .ifPresent(postmaster -> {
                    pids.add(postmaster.pid());
                    postmaster.children().forEach(worker -> pids.add(worker.pid()));
                });
        return pids;
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long ticksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
