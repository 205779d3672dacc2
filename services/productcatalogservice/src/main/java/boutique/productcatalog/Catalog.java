package boutique.productcatalog;

import com.google.protobuf.util.JsonFormat;
import hipstershop.ListProductsResponse;
import hipstershop.Product;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The products, read once at start from {@code products.json} (protobuf JSON, as the reference stores them). */
@Component
class Catalog {

    private final List<Product> products;

    Catalog() {
        this(load());
    }

    Catalog(List<Product> products) {
        this.products = List.copyOf(products);
    }

    private static List<Product> load() {
        try (Reader json =
                new InputStreamReader(Catalog.class.getResourceAsStream("/products.json"), StandardCharsets.UTF_8)) {
            ListProductsResponse.Builder catalog = ListProductsResponse.newBuilder();
            JsonFormat.parser().merge(json, catalog);
            return catalog.getProductsList();
        } catch (IOException e) {
            throw new UncheckedIOException("products.json cannot be read", e);
        }
    }

    List<Product> all() {
        return products;
    }

    Optional<Product> find(String id) {
        return products.stream().filter(p -> p.getId().equals(id)).findFirst();
    }

    /** Products whose name or description contains the query, ignoring case, in catalog order. */
    List<Product> search(String query) {
        String needle = query.toLowerCase(Locale.ROOT);
        return products.stream()
                .filter(p -> p.getName().toLowerCase(Locale.ROOT).contains(needle)
                        || p.getDescription().toLowerCase(Locale.ROOT).contains(needle))
                .toList();
    }
}
