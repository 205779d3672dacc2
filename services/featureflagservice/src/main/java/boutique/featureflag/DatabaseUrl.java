package boutique.featureflag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL address as the reference and its deployments write it ({@code ecto://ffs:ffs@ffs_postgres:5432/ffs},
 * {@code postgres://...}, {@code postgresql://...}) or as a JDBC URL, turned into what the JDBC driver takes.
 * Parsed by hand: {@link java.net.URI} refuses host names with an underscore, such as compose's
 * {@code ffs_postgres}.
 */
record DatabaseUrl(String jdbcUrl, String user, String password, String host) {

    private static final Set<String> SCHEMES = Set.of("ecto", "postgres", "postgresql");
    /** scheme://[user[:password]@]host[:port]/database[?query] */
    private static final Pattern URL =
            Pattern.compile("([a-z]+)://(?:([^@/]*)@)?(\\[[^\\]]+\\]|[^:/?#@]+)(?::(\\d+))?/([^?#/]+)(\\?[^#]*)?");

    private static final Pattern JDBC_HOST = Pattern.compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^:/?]+)");

    static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            // The driver reads user and password from the URL's parameters itself.
            Matcher host = JDBC_HOST.matcher(url);
            return new DatabaseUrl(url, null, null, host.lookingAt() ? host.group(1) : "localhost");
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must look like postgresql://user:password@host:5432/database"
                            + " (ecto://, postgres:// and jdbc:postgresql:// work too)");
        }
        if (!SCHEMES.contains(m.group(1))) {
            throw new IllegalArgumentException("DATABASE_URL must start with ecto://, postgres://, postgresql:// or "
                    + "jdbc:postgresql://, not " + m.group(1) + "://");
        }
        String user = null;
        String password = null;
        if (m.group(2) != null) {
            String[] parts = m.group(2).split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String port = m.group(4) == null ? "5432" : m.group(4);
        String jdbc = "jdbc:postgresql://" + m.group(3) + ":" + port + "/" + m.group(5)
                + (m.group(6) == null ? "" : m.group(6));
        return new DatabaseUrl(jdbc, user, password, m.group(3));
    }

    /** The address without credentials, for logs. */
    String display() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    boolean isLocal() {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    private static String decode(String text) {
        // A plus sign in a URL's user part is a plus, not a space.
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
