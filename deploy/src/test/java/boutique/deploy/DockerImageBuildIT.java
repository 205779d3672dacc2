package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays deploy/Dockerfile without a Docker engine: its RUN commands run with the build arguments compose
 * passes, in a copy of the build context filtered by Dockerfile.dockerignore, with container paths mapped
 * into a temporary folder. Then the image's entry point starts the service (with {@code -Xshare:on}, so an
 * unusable class-data archive fails) and the image's health check must pass.
 *
 * <p>Maven runs offline against the local repository (read-only) and installs into a temporary one, so the
 * replay never touches other modules' target folders or ~/.m2. Modules: {@code -Ddeploy.it.modules=a,b}
 * (default productcatalogservice, the finished model service).
 */
class DockerImageBuildIT {

    private static final Dockerfile DOCKERFILE = Dockerfile.read("deploy/Dockerfile");
    private static final Pattern CONTAINER_PATH = Pattern.compile("(?<![\\w./-])/(app|tmp)(?![\\w.-])");
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    static List<String> modules() {
        return List.of(System.getProperty("deploy.it.modules", "productcatalogservice").split(","));
    }

    @ParameterizedTest
    @MethodSource("modules")
    void image_buildsStartsAndPassesItsHealthCheck(String name, @TempDir Path work) throws Exception {
        Map<String, Object> service = DeployFiles.map(DeployFiles.composeServices().get(name));
        Map<String, String> args = buildArgs(service);
        Path context = copyContext(work.resolve("src"));

        // Stage "build": the Maven commands exactly as written, offline.
        Map<String, String> buildEnv = new HashMap<>(args);
        buildEnv.put("MAVEN_ARGS", "-o -Dmaven.repo.local=" + work.resolve("m2")
                + " -Dmaven.repo.local.tail=" + Path.of(System.getProperty("user.home"), ".m2", "repository"));
        for (String run : DOCKERFILE.stage("build").all("RUN")) {
            runShell(context, buildEnv, run, 900);
        }
        String jarInImage = DOCKERFILE.stage("cds").all("COPY").get(0).split("\\s+")[1];
        Path jar = context.resolve(DeployFiles.interpolate(jarInImage, args).replaceFirst("^/src/", ""));
        assertThat(jar).as("the jar the run stage copies").isRegularFile();
        try (JarFile boot = new JarFile(jar.toFile())) {
            assertThat(boot.getManifest().getMainAttributes().getValue("Start-Class")).as("a Spring Boot jar").isNotBlank();
        }

        // Stage "cds": unpack and record the class-data archive, in the folder standing in for the image.
        Files.createDirectories(work.resolve("tmp"));
        Files.copy(jar, work.resolve("tmp/app.jar"));
        for (String run : DOCKERFILE.stage("cds").all("RUN")) {
            runShell(work, args, inImage(run, work), 300);
        }
        assertThat(work.resolve("app/app.jsa")).isNotEmptyFile();

        // The final stage: the entry point with the container's environment, then its health check.
        int port = freePort();
        Map<String, String> runEnv = containerEnvironment(service, port);
        List<String> entrypoint = jsonArray(DOCKERFILE.last().all("ENTRYPOINT").get(0)).stream()
                .map(part -> inImage(part, work)).toList();
        Path log = work.resolve("service.log");
        ProcessBuilder builder = new ProcessBuilder(entrypoint).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(runEnv);
        Process process = builder.start();
        try {
            String healthcheck = DOCKERFILE.last().all("HEALTHCHECK").get(0).replaceFirst("^.*?CMD ", "");
            assertThat(waitUntilHealthy(work, runEnv, inImage(healthcheck, work), process))
                    .as("health check of %s; its log:%n%s", name, Files.readString(log)).isTrue();
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** What compose passes as build arguments, plus the Dockerfile's own defaults. */
    private static Map<String, String> buildArgs(Map<String, Object> service) {
        Map<String, String> args = new HashMap<>();
        DOCKERFILE.stages().forEach(stage -> stage.args().forEach((arg, value) -> {
            if (value != null) {
                args.put(arg, value);
            }
        }));
        DeployFiles.map(DeployFiles.at(service, "build", "args")).forEach((arg, value) -> args.put(arg, String.valueOf(value)));
        return args;
    }

    /** The service's compose environment, moved to a free port, with an archive that must be usable. */
    private static Map<String, String> containerEnvironment(Map<String, Object> service, int port) {
        String[] health = String.valueOf(DeployFiles.at(service, "build", "args", "HEALTH")).split(" ");
        String imagePort = String.valueOf(Addresses.parse(health[1].replaceFirst("^(http://[^/]+).*", "$1")).port());
        Map<String, String> env = new HashMap<>();
        DeployFiles.map(DeployFiles.at(service, "environment")).forEach((key, value) -> {
            String text = String.valueOf(value);
            env.put(key, key.endsWith("_PORT") && text.equals(imagePort) ? String.valueOf(port) : text);
        });
        env.put("SHOP_JAVA_OPTS", env.get("SHOP_JAVA_OPTS") + " -Xshare:on");
        env.put("SHOP_HEALTH", health[0] + " " + health[1].replace(":" + imagePort, ":" + port));
        return env;
    }

    private static boolean waitUntilHealthy(Path work, Map<String, String> env, String healthcheck, Process service)
            throws Exception {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && service.isAlive()) {
            if (Processes.run(work, env, 30, List.of("sh", "-c", healthcheck)).exitCode() == 0) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static void runShell(Path directory, Map<String, String> env, String command, long timeoutSeconds)
            throws Exception {
        Processes.Result result = Processes.run(directory, env, timeoutSeconds, List.of("sh", "-c", command));
        assertThat(result.exitCode()).as("RUN %s%n%s", command, result.output()).isZero();
    }

    /** Maps the image's absolute paths (/app, /tmp) into the work folder. */
    private static String inImage(String text, Path work) {
        // One pass, so a work folder that itself lies under /tmp is not mapped twice.
        return CONTAINER_PATH.matcher(text).replaceAll(m -> Matcher.quoteReplacement(work.resolve(m.group(1)).toString()));
    }

    /** The build context: the repository without what Dockerfile.dockerignore leaves out. */
    private static Path copyContext(Path target) throws IOException {
        Path root = DeployFiles.root();
        List<PathMatcher> ignored = new ArrayList<>();
        for (String line : DeployFiles.read("deploy/Dockerfile.dockerignore").split("\n")) {
            String pattern = line.strip();
            if (!pattern.isEmpty() && !pattern.startsWith("#")) {
                ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
                if (pattern.startsWith("**/")) {
                    ignored.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)));
                }
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = root.relativize(file);
                if (isIgnored(relative, ignored)) {
                    continue;
                }
                Files.createDirectories(target.resolve(relative).getParent());
                Files.copy(file, target.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return target;
    }

    private static boolean isIgnored(Path relative, List<PathMatcher> ignored) {
        for (Path prefix = relative; prefix != null; prefix = prefix.getParent()) {
            Path candidate = prefix;
            if (ignored.stream().anyMatch(m -> m.matches(candidate))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> jsonArray(String json) {
        List<String> parts = new ArrayList<>();
        for (Object part : new com.google.gson.Gson().fromJson(json, List.class)) {
            parts.add(String.valueOf(part));
        }
        return parts;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
