package boutique.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service's Boot jar unpacked, with a class-data-sharing archive recorded by one training start
 * ({@code spring.context.exit=onRefresh}), as the container images have it: the JVM then maps the classes
 * instead of loading them, which roughly halves the start-up. On a JDK of release 25 or later the archive is
 * an AOT cache, which also holds the classes linked: a start takes about a fifth less CPU again. Made once per
 * build of the jar and JDK; when anything goes wrong the service simply starts from its jar.
 */
final class ClassDataArchive {

    private final Path dir;
    private final Path bootJar;
    private final ServiceJava java;

    ClassDataArchive(Path stateDir, ServiceDef service, Path bootJar, ServiceJava java) {
        this.dir = stateDir.resolve("cds").resolve(service.name());
        this.bootJar = bootJar;
        this.java = java;
    }

    Path archive() {
        return dir.resolve(java.classDataFile());
    }

    Path unpackedJar() {
        return dir.resolve("app").resolve(bootJar.getFileName());
    }

    boolean isCurrent() {
        try {
            return Files.exists(archive())
                    && Files.getLastModifiedTime(archive()).compareTo(Files.getLastModifiedTime(bootJar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The JVM arguments that start the service: from the archive when it is current, else the plain jar. */
    List<String> launchArguments() {
        if (!isCurrent()) {
            return List.of("-jar", bootJar.toString());
        }
        List<String> arguments = new ArrayList<>(java.startFrom(archive()));
        arguments.addAll(List.of("-jar", unpackedJar().toString()));
        return arguments;
    }

    /** Unpacks the jar and starts the training run; null when the jar cannot be unpacked. */
    Process startTraining(List<String> javaOptions, Map<String, String> env) throws IOException, InterruptedException {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        Process extract = new ProcessBuilder(
                        java.binary(),
                        "-Djarmode=tools",
                        "-jar",
                        bootJar.toString(),
                        "extract",
                        "--destination",
                        dir.resolve("app").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("extract.log").toFile())
                .start();
        if (!extract.waitFor(60, TimeUnit.SECONDS) || extract.exitValue() != 0) {
            extract.destroyForcibly();
            return null;
        }
        List<String> command = new ArrayList<>(List.of(java.binary()));
        command.addAll(javaOptions);
        command.addAll(java.options());
        // Ports 0: the training start must not collide with a running copy of the service.
        command.addAll(List.of(
                java.recordInto(archive()),
                "-Dspring.context.exit=onRefresh",
                "-Dshop.grpc.port=0",
                "-Dserver.port=0",
                "-jar",
                unpackedJar().toString()));
        ProcessBuilder training = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("training.log").toFile());
        training.environment().putAll(env);
        return training.start();
    }

    /** Waits for a training run; a failed one leaves no archive behind, so the service starts from its jar. */
    void finishTraining(Process training) throws InterruptedException, IOException {
        if (training == null) {
            return;
        }
        if (!training.waitFor(120, TimeUnit.SECONDS) || training.exitValue() != 0) {
            training.destroyForcibly();
            Files.deleteIfExists(archive());
            return;
        }
        if (Files.exists(archive())) {
            Files.setLastModifiedTime(archive(), FileTime.fromMillis(System.currentTimeMillis()));
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
