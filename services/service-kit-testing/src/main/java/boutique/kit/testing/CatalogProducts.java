package boutique.kit.testing;

import java.util.List;

/** The shop's catalog as the tests know it. */
public final class CatalogProducts {

    /** The nine product ids of the product catalog, in the order ListProducts returns them. */
    public static final List<String> IDS = List.of(
            "OLJCESPC7Z",
            "66VCHSJNUP",
            "1YMWWN1N4O",
            "L9ECAV7KIM",
            "2ZYFJ3GM2N",
            "0PUK6V6EV0",
            "LS4PSXUNUM",
            "9SIQT8TOJO",
            "6E92ZMYYFZ");

    private CatalogProducts() {}
}
