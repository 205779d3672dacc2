package boutique.featureflag;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL address as the reference and its deployments write it ({@code ecto://ffs:ffs@host:5432/ffs},
 * {@code postgres://...}, {@code postgresql://...}) or as a JDBC URL, turned into what the JDBC driver takes.
 */
record DatabaseUrl(String jdbcUrl, String user, String password, String host) {

    static DatabaseUrl parse(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            // The driver reads user and password from the URL's parameters itself.
            return new DatabaseUrl(url, null, null, hostOf(url.substring("jdbc:".length())));
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a URL: " + e.getMessage());
        }
        String scheme = String.valueOf(uri.getScheme());
        if (!scheme.equals("ecto") && !scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw new IllegalArgumentException("DATABASE_URL must start with ecto://, postgres://, postgresql:// or "
                    + "jdbc:postgresql://, not " + scheme + "://");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("DATABASE_URL needs a host and a database, like "
                    + "postgresql://ffs:ffs@localhost:5432/ffs");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, password, uri.getHost());
    }

    /** The address without credentials, for logs. */
    String display() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    boolean isLocal() {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    private static String hostOf(String url) {
        try {
            String host = new URI(url).getHost();
            return host == null ? "localhost" : host;
        } catch (URISyntaxException e) {
            return "localhost";
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
