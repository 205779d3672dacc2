package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.io.File;
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
 * Replays a compose service's Dockerfile without a Docker engine: the build stage's RUN commands run with the
 * build arguments compose passes, in a copy of the build context filtered by the Dockerfile's .dockerignore;
 * later stages' COPY and RUN instructions follow with the container's paths (/src, /app, /tmp) mapped into a
 * temporary folder. Then the image's entry point starts the service with its compose environment (moved to
 * free ports; {@code -Xshare:on} when the image has a class-data archive, so an unusable one fails) and the
 * image's own health check must pass.
 *
 * <p>Maven reads the local repository (read-only, fetching only what it lacks) and installs into a temporary one, so the
 * replay never touches the modules' target folders or ~/.m2. Services: {@code -Ddeploy.it.services=a,b}
 * (default productcatalogservice, the finished model service; each costs a build of its module).
 */
class DockerImageBuildIT {

    private static final Pattern CONTAINER_PATH = Pattern.compile("(?<![\\w./-])/(src|app|tmp)(?![\\w.-])");
    private static final Pattern ENV_ENTRY = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)");
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    static List<String> services() {
        return List.of(System.getProperty("deploy.it.services", "productcatalogservice")
                .split(","));
    }

    @ParameterizedTest
    @MethodSource("services")
    void image_buildsStartsAndPassesItsHealthCheck(String name, @TempDir Path work) throws Exception {
        Map<String, Object> service =
                DeployFiles.map(DeployFiles.composeServices().get(name));
        String dockerfilePath = Addresses.dockerfilePath(service);
        Dockerfile dockerfile = Dockerfile.read(dockerfilePath);
        Map<String, String> args = buildArgs(dockerfile, service);
        copyContext(dockerfilePath + ".dockerignore", work.resolve("src"));

        // The build stage: its commands exactly as written.
        Map<String, String> buildEnv = new HashMap<>(args);
        buildEnv.put(
                "MAVEN_ARGS",
                "-Dmaven.repo.local=" + work.resolve("m2") + " -Dmaven.repo.local.tail="
                        + Path.of(System.getProperty("user.home"), ".m2", "repository"));
        for (String run : dockerfile.stage("build").all("RUN")) {
            runShell(work.resolve("src"), buildEnv, run, 900);
        }

        // Later stages: their files, and the commands of the stages between (the final one only adds its user),
        // with the image's Java.
        Files.createDirectories(work.resolve("tmp"));
        String imagePath = imageJava(dockerfile, args).resolve("bin") + File.pathSeparator + System.getenv("PATH");
        Map<String, String> imageEnv = new HashMap<>(args);
        imageEnv.put("PATH", imagePath);
        for (Dockerfile.Stage stage :
                dockerfile.stages().subList(1, dockerfile.stages().size())) {
            for (Dockerfile.Instruction instruction : stage.instructions()) {
                if (instruction.keyword().equals("COPY")) {
                    copyFromStage(DeployFiles.interpolate(instruction.arguments(), args), work);
                } else if (instruction.keyword().equals("RUN") && stage != dockerfile.last()) {
                    runShell(work, imageEnv, inImage(instruction.arguments(), work), 300);
                }
            }
        }

        // The container: entry point and health check.
        Map<String, String> environment = containerEnvironment(dockerfile, args, service, imagePath);
        List<String> entrypoint =
                new ArrayList<>(jsonArray(dockerfile.last().all("ENTRYPOINT").get(0)));
        dockerfile.last().all("CMD").forEach(cmd -> entrypoint.addAll(jsonArray(cmd)));
        entrypoint.replaceAll(part -> inImage(part, work));
        Path log = work.resolve("container.log");
        ProcessBuilder builder = new ProcessBuilder(entrypoint)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            assertThat(waitUntilHealthy(work, environment, healthcheck(dockerfile, work), process))
                    .as("health check of %s; its log:%n%s", name, Files.readString(log))
                    .isTrue();
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    /** What compose passes as build arguments over the Dockerfile's own defaults. */
    private static Map<String, String> buildArgs(Dockerfile dockerfile, Map<String, Object> service) {
        Map<String, String> args = new HashMap<>();
        dockerfile
                .stages()
                .forEach(stage -> stage.args().forEach((arg, value) -> {
                    if (value != null) {
                        args.put(arg, value);
                    }
                }));
        DeployFiles.map(DeployFiles.at(service, "build", "args"))
                .forEach((arg, value) -> args.put(arg, String.valueOf(value)));
        return args;
    }

    /** COPY [--from=stage] SOURCE TARGET, with both paths mapped into the work folder. */
    private static void copyFromStage(String arguments, Path work) throws IOException {
        String[] parts = arguments.split("\\s+");
        assertThat(parts).as("COPY %s", arguments).hasSize(3);
        assertThat(parts[0])
                .as("COPY %s comes from an earlier stage", arguments)
                .startsWith("--from=");
        Path source = Path.of(inImage(parts[1], work));
        Path target = Path.of(inImage(parts[2], work));
        assertThat(source).as("what COPY %s copies", arguments).exists();
        if (source.equals(target)) {
            return;
        }
        if (Files.isRegularFile(source)) {
            if (source.toString().endsWith(".jar") && parts[1].contains("/target/")) {
                try (JarFile jar = new JarFile(source.toFile())) {
                    assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                            .as("a runnable jar")
                            .isNotBlank();
                }
            }
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(source.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /**
     * The image's ENV, then the compose environment, with every exposed port moved to a free one (in the
     * port variables and the health target), an archive that must be usable, and {@code path} (the image's Java
     * first).
     */
    private static Map<String, String> containerEnvironment(
            Dockerfile dockerfile, Map<String, String> args, Map<String, Object> service, String path)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : dockerfile.last().all("ENV")) {
            Matcher entry = ENV_ENTRY.matcher(DeployFiles.interpolate(line, args));
            while (entry.find()) {
                env.put(entry.group(1), entry.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        DeployFiles.map(DeployFiles.at(service, "environment"))
                .forEach((key, value) -> env.put(key, String.valueOf(value)));
        for (Integer exposed : Addresses.composeListenPorts("", service)) {
            String free = String.valueOf(freePort());
            env.replaceAll((key, value) -> key.endsWith("_PORT") && value.equals(exposed.toString()) ? free : value);
            env.computeIfPresent("SHOP_HEALTH", (key, value) -> value.replace(":" + exposed, ":" + free));
        }
        if (dockerfile.last().all("ENTRYPOINT").get(0).contains("SharedArchiveFile")) {
            env.put("SHOP_JAVA_OPTS", env.get("SHOP_JAVA_OPTS") + " -Xshare:on");
        }
        if (dockerfile.last().all("ENTRYPOINT").get(0).contains("AOTCache")) {
            env.put("SHOP_JAVA_OPTS", env.get("SHOP_JAVA_OPTS") + " -XX:AOTMode=on");
        }
        env.put("PATH", path);
        return env;
    }

    /**
     * A JDK on this machine of the release the image runs (eclipse-temurin:25... is 25): this test JVM's own, or
     * one installed beside it.
     */
    static Path imageJava(Dockerfile dockerfile, Map<String, String> args) throws IOException {
        String image = DeployFiles.interpolate(dockerfile.baseImage(dockerfile.last()), args);
        Matcher release = Pattern.compile(":(\\d+)").matcher(image);
        assertThat(release.find()).as("a Java release in the image %s", image).isTrue();
        Path running = Path.of(System.getProperty("java.home"));
        try (Stream<Path> jdks = Stream.concat(Stream.of(running), Files.list(running.getParent()))) {
            return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .filter(jdk -> javaVersion(jdk).startsWith(release.group(1) + "."))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the image runs Java " + release.group(1)
                            + "; replaying it needs a JDK of that release beside " + running));
        }
    }

    private static String javaVersion(Path jdk) {
        try {
            Matcher version =
                    Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"").matcher(Files.readString(jdk.resolve("release")));
            return version.find() ? version.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The HEALTHCHECK command, in exec or shell form. */
    private static List<String> healthcheck(Dockerfile dockerfile, Path work) {
        String command = dockerfile.last().all("HEALTHCHECK").get(0).replaceFirst("^.*?CMD\\s+", "");
        if (command.startsWith("[")) {
            return jsonArray(command).stream().map(part -> inImage(part, work)).toList();
        }
        return List.of("sh", "-c", inImage(command, work));
    }

    private static boolean waitUntilHealthy(
            Path work, Map<String, String> env, List<String> healthcheck, Process service) throws Exception {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && service.isAlive()) {
            if (Processes.run(work, env, 30, healthcheck).exitCode() == 0) {
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

    /** Maps the image's absolute paths (/src, /app, /tmp) into the work folder, in one pass. */
    private static String inImage(String text, Path work) {
        return CONTAINER_PATH
                .matcher(text)
                .replaceAll(
                        m -> Matcher.quoteReplacement(work.resolve(m.group(1)).toString()));
    }

    /** The build context: the repository without what the Dockerfile's .dockerignore leaves out. */
    private static void copyContext(String dockerignore, Path target) throws IOException {
        Path root = DeployFiles.root();
        List<PathMatcher> ignored = new ArrayList<>();
        for (String line : DeployFiles.read(dockerignore).split("\n")) {
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
                if (!isIgnored(relative, ignored)) {
                    Files.createDirectories(target.resolve(relative).getParent());
                    Files.copy(file, target.resolve(relative), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
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
        for (Object part : new Gson().fromJson(json, List.class)) {
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
