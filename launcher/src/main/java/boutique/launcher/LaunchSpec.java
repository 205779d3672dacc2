package boutique.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How to run one service: its command line, environment, working folder and log, and the pid file of a
 * process it starts that outlives it when it is killed (the flag service's embedded PostgreSQL), if any.
 * {@code ./shop up} writes it for the supervisor, which keeps the service running with exactly this until
 * {@code ./shop down} removes it; so a restart after a crash starts the service the way the user started it.
 */
record LaunchSpec(
        String service,
        List<String> command,
        Map<String, String> env,
        Path workDir,
        Path log,
        String companionPidFile) {

    LaunchSpec {
        command = List.copyOf(command);
        env = Map.copyOf(env);
    }

    /** Starts the process, its output appended to the log. */
    Process start() throws IOException {
        Files.createDirectories(workDir);
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Writes the spec to {@code file}, atomically: a reader sees the old spec or the new one, never half. */
    void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("service", service);
        properties.setProperty("workDir", workDir.toString());
        properties.setProperty("log", log.toString());
        if (companionPidFile != null) {
            properties.setProperty("companionPidFile", companionPidFile);
        }
        for (int i = 0; i < command.size(); i++) {
            properties.setProperty("command." + i, command.get(i));
        }
        env.forEach((name, value) -> properties.setProperty("env." + name, value));
        Files.createDirectories(file.getParent());
        Path next = file.resolveSibling(file.getFileName() + ".next");
        try (Writer out = Files.newBufferedWriter(next)) {
            properties.store(out, "how ./shop runs " + service);
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static LaunchSpec read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        List<String> command = new ArrayList<>();
        for (int i = 0; properties.containsKey("command." + i); i++) {
            command.add(properties.getProperty("command." + i));
        }
        Map<String, String> env = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("env.")) {
                env.put(key.substring(4), properties.getProperty(key));
            }
        }
        return new LaunchSpec(
                properties.getProperty("service"),
                command,
                env,
                Path.of(properties.getProperty("workDir")),
                Path.of(properties.getProperty("log")),
                properties.getProperty("companionPidFile"));
    }
}
