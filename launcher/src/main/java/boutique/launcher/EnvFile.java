package boutique.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code deploy/.env} the way docker compose does ({@code NAME=value} lines, {@code ${NAME}}
 * references), lets the caller's environment override any entry, and points every address whose host is
 * one of the deployment's service names at 127.0.0.1, so one file drives both compose and local runs.
 */
final class EnvFile {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?-[^}]*)?}");
    private static final Pattern ADDRESS_HOST = Pattern.compile("^(\\w+://)?([A-Za-z0-9_.-]+)(:\\d+.*)$");
    private static final Pattern URL_HOST = Pattern.compile("^(\\w+://[^@/]*@)([A-Za-z0-9_.-]+)(:\\d+.*)$");

    private EnvFile() {}

    static Map<String, String> load(Path file, Map<String, String> overrides, Set<String> localHosts)
            throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String name = line.substring(0, line.indexOf('=')).strip();
            String value = unquote(line.substring(line.indexOf('=') + 1).strip());
            values.put(name, overrides.containsKey(name) ? overrides.get(name) : expand(value, values, overrides));
        }
        values.replaceAll((name, value) -> localise(value, localHosts));
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2
                && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String expand(String value, Map<String, String> earlier, Map<String, String> overrides) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String set = overrides.containsKey(name) ? overrides.get(name) : earlier.get(name);
            String fallback =
                    m.group(2) == null ? null : m.group(2).substring(m.group(2).indexOf('-') + 1);
            // As compose: ${X:-d} gives d when X is unset or empty, ${X-d} only when X is unset.
            boolean useFallback = fallback != null
                    && (set == null || (set.isEmpty() && m.group(2).startsWith(":")));
            String replacement = useFallback ? fallback : set == null ? "" : set;
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** "cartservice:7070", "http://quoteservice:8090" or "postgresql://u:p@ffs_postgres:5432/db" on 127.0.0.1. */
    static String localise(String value, Set<String> localHosts) {
        for (Pattern pattern : new Pattern[] {URL_HOST, ADDRESS_HOST}) {
            Matcher m = pattern.matcher(value);
            if (m.matches() && localHosts.contains(m.group(2))) {
                return (m.group(1) == null ? "" : m.group(1)) + "127.0.0.1" + m.group(3);
            }
        }
        return value;
    }
}
