package boutique.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK the services run on: the one {@code SHOP_JAVA_HOME} names; else the newest JDK of release 25 or later
 * installed beside the one running the launcher (this machine's default JDK is 17, with a Temurin 25 in
 * /usr/lib/jvm); else the launcher's own. From 25 on, a service starts from an AOT cache (its classes loaded and
 * linked ahead of time, JEP 483) instead of a class-data archive, which takes the shop's twelve starts from about
 * 27 to about 22 CPU seconds on two cores.
 */
record ServiceJava(Path home, int release) {

    /** The first release whose AOT cache the services start from. */
    static final int AOT_CACHE_RELEASE = 25;

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
    private static final Pattern FEATURE = Pattern.compile("(?:1\\.)?(\\d+).*");

    static ServiceJava choose(Map<String, String> env) {
        Path running = Path.of(System.getProperty("java.home"));
        String chosen = env.getOrDefault("SHOP_JAVA_HOME", "").strip();
        if (!chosen.isEmpty()) {
            Path home = Path.of(chosen);
            return new ServiceJava(
                    home,
                    releaseOf(home)
                            .orElseThrow(() -> new IllegalArgumentException("SHOP_JAVA_HOME=" + chosen
                                    + " is not a JDK: it has no release file with a JAVA_VERSION")));
        }
        ServiceJava launcher = new ServiceJava(running, Runtime.version().feature());
        return launcher.aotCache()
                ? launcher
                : newestBeside(running).filter(ServiceJava::aotCache).orElse(launcher);
    }

    /** The JDK of the highest release among {@code home}'s siblings that have a java binary, if any. */
    static Optional<ServiceJava> newestBeside(Path home) {
        Path parent = home.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return Optional.empty();
        }
        try (Stream<Path> siblings = Files.list(parent)) {
            Comparator<ServiceJava> byRelease =
                    Comparator.comparingInt(ServiceJava::release).thenComparing(ServiceJava::home);
            return siblings.filter(jdk -> Files.isExecutable(jdk.resolve("bin/java")))
                    .flatMap(jdk -> releaseOf(jdk).map(release -> new ServiceJava(jdk, release)).stream())
                    .max(byRelease);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature release in a JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"} is 25, "1.8.0" 8). */
    static Optional<Integer> releaseOf(Path home) {
        return versionOf(home)
                .map(FEATURE::matcher)
                .filter(Matcher::matches)
                .map(feature -> Integer.parseInt(feature.group(1)));
    }

    /** The whole version in a JDK's {@code release} file ("25.0.3"). */
    static Optional<String> versionOf(Path home) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Optional.of(version.group(1)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    String binary() {
        return home.resolve("bin").resolve("java").toString();
    }

    boolean aotCache() {
        return release >= AOT_CACHE_RELEASE;
    }

    /**
     * The file a service's classes are kept in: from 25 on an AOT cache, named for the JDK's whole version
     * (app-25.0.3.aot), so that another JDK, or this one updated in place, records its own instead of finding a
     * cache the JVM refuses; before 25, a class-data-sharing archive.
     */
    String classDataFile() {
        return aotCache() ? "app-" + versionOf(home).orElse(Integer.toString(release)) + ".aot" : "app.jsa";
    }

    /** The option that has a training run record the service's classes into {@code file}. */
    String recordInto(Path file) {
        return (aotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + file;
    }

    /** The options that start a service from {@code file}, or without it when this JVM finds it unusable. */
    List<String> startFrom(Path file) {
        return aotCache()
                ? List.of("-XX:AOTCache=" + file, "-XX:AOTMode=auto")
                : List.of("-XX:SharedArchiveFile=" + file, "-Xshare:auto");
    }

    /**
     * What this release needs besides the shop's options: from 24 on, gRPC's Netty loading its native transport
     * and protobuf's use of sun.misc.Unsafe print warnings at every start unless allowed.
     */
    List<String> options() {
        return release >= 24
                ? List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
                : List.of();
    }
}
