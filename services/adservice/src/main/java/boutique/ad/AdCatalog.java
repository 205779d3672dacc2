package boutique.ad;

import hipstershop.Ad;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The shop's seven ads, filed under the five product categories they advertise: a category's ads, or ads drawn
 * at random (a request gets every ad of each category it names, in the order named; two random ones when
 * nothing matches).
 */
@Component
class AdCatalog {

    /** How many ads a request gets when no context key names a category. */
    static final int RANDOM_ADS = 2;

    private final Map<String, List<Ad>> byCategory;
    private final List<Ad> all;

    AdCatalog() {
        Map<String, List<Ad>> ads = new LinkedHashMap<>();
        ads.put(
                "binoculars",
                List.of(ad(
                        "2ZYFJ3GM2N",
                        "Roof Binoculars for sale: half price, 50% off, for a closer look at the Moon.")));
        ads.put(
                "telescopes",
                List.of(ad(
                        "66VCHSJNUP",
                        "Starsense Explorer Refractor Telescope for sale: 20% off, and your phone finds the stars.")));
        ads.put(
                "accessories",
                List.of(
                        ad("0PUK6V6EV0", "Solar System Color Imager for sale: 30% off your first planetary portraits."),
                        ad("6E92ZMYYFZ", "Solar Filter for sale: buy two and the third one is on us."),
                        ad("L9ECAV7KIM", "Lens Cleaning Kit for sale: buy one and take a second kit free.")));
        ads.put(
                "assembly",
                List.of(ad("9SIQT8TOJO", "Optical Tube Assembly for sale: 10% off a wide view of faint nebulae.")));
        ads.put(
                "travel",
                List.of(ad(
                        "1YMWWN1N4O",
                        "Eclipsmart Travel Refractor Telescope for sale: buy one kit and get a second kit free.")));
        this.byCategory = Map.copyOf(ads);
        this.all = ads.values().stream().flatMap(List::stream).toList();
    }

    private static Ad ad(String productId, String text) {
        return Ad.newBuilder()
                .setRedirectUrl("/product/" + productId)
                .setText(text)
                .build();
    }

    /** The ads of the category {@code key} names (exact, case-sensitive); none when it names no category. */
    List<Ad> byCategory(String key) {
        return byCategory.getOrDefault(key, List.of());
    }

    List<Ad> all() {
        return all;
    }

    /** {@code count} ads drawn at random with replacement, so the same ad may come twice. */
    List<Ad> random(int count) {
        List<Ad> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picked.add(all.get(ThreadLocalRandom.current().nextInt(all.size())));
        }
        return picked;
    }
}
