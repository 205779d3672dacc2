package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShopTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void productIds_areTheNineCatalogIdsInTheReferenceOrder() {
        assertThat(Shop.PRODUCT_IDS)
                .containsExactly(
                        "0PUK6V6EV0",
                        "1YMWWN1N4O",
                        "2ZYFJ3GM2N",
                        "66VCHSJNUP",
                        "6E92ZMYYFZ",
                        "9SIQT8TOJO",
                        "L9ECAV7KIM",
                        "LS4PSXUNUM",
                        "OLJCESPC7Z");
    }

    @Test
    void randomChoices_coverEveryValueAndNothingElse() {
        Set<String> products = new HashSet<>();
        Set<Integer> quantities = new HashSet<>();
        Set<Integer> items = new HashSet<>();
        Set<TestPerson> people = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            products.add(Shop.randomProduct());
            quantities.add(Shop.randomQuantity());
            items.add(Shop.randomMultiCheckoutItems());
            people.add(Shop.randomPerson());
        }

        assertThat(products).containsExactlyInAnyOrderElementsOf(Shop.PRODUCT_IDS);
        assertThat(quantities).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 10);
        assertThat(items).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(people).containsExactlyInAnyOrderElementsOf(TestPerson.ALL);
    }

    @Test
    void cartBody_isTheReferenceJsonWithKeysInOrder() throws Exception {
        String body = Shop.cartBody("66VCHSJNUP", 10, "user-1");

        assertThat(body)
                .isEqualTo("{\"item\": {\"productId\": \"66VCHSJNUP\", \"quantity\": 10}, \"userId\": \"user-1\"}");
        assertThat(JSON.readTree(body).get("item").get("quantity").isInt()).isTrue();
    }

    @Test
    void people_areTheNineReferenceShoppersWithVisaCardsExpiringIn2039() {
        assertThat(TestPerson.ALL).hasSize(9);
        assertThat(TestPerson.ALL)
                .extracting(TestPerson::email)
                .containsExactly(
                        "larry_sergei@example.com",
                        "bill@example.com",
                        "steve@example.com",
                        "mark@example.com",
                        "jeff@example.com",
                        "reed@example.com",
                        "tobias@example.com",
                        "jack@example.com",
                        "moore@example.com");
        assertThat(TestPerson.ALL)
                .extracting(TestPerson::creditCardExpirationMonth)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(TestPerson.ALL).allSatisfy(person -> {
            assertThat(person.creditCardNumber()).matches("4\\d{3}-\\d{4}-\\d{4}-\\d{4}");
            assertThat(person.creditCardExpirationYear()).isEqualTo(2039);
        });
        TestPerson tobias = TestPerson.ALL.get(6);
        assertThat(List.of(tobias.zipCode(), tobias.userCurrency(), tobias.country()))
                .containsExactly(214, "CAD", "Canada");
    }

    @Test
    void checkoutBody_hasTheReferenceKeysInOrderWithNumbersAsNumbers() throws Exception {
        JsonNode body = JSON.readTree(TestPerson.ALL.get(0).checkoutBody("user-7"));

        assertThat(names(body)).containsExactly("email", "address", "userCurrency", "creditCard", "userId");
        assertThat(names(body.get("address"))).containsExactly("streetAddress", "zipCode", "city", "state", "country");
        assertThat(names(body.get("creditCard")))
                .containsExactly(
                        "creditCardNumber", "creditCardExpirationMonth", "creditCardExpirationYear", "creditCardCvv");
        assertThat(JSON.convertValue(body, Map.class))
                .isEqualTo(Map.of(
                        "email", "larry_sergei@example.com",
                        "address",
                                Map.of(
                                        "streetAddress",
                                        "1600 Amphitheatre Parkway",
                                        "zipCode",
                                        94043,
                                        "city",
                                        "Mountain View",
                                        "state",
                                        "CA",
                                        "country",
                                        "United States"),
                        "userCurrency", "USD",
                        "creditCard",
                                Map.of(
                                        "creditCardNumber",
                                        "4432-8015-6152-0454",
                                        "creditCardExpirationMonth",
                                        1,
                                        "creditCardExpirationYear",
                                        2039,
                                        "creditCardCvv",
                                        672),
                        "userId", "user-7"));
    }

    @Test
    void cartBody_withQuotesBackslashesAndControlCharacters_isValidJsonOfTheSameValue() throws Exception {
        String userId = "a\"b\\c\nd\u0001</script>";

        String body = Shop.cartBody("66VCHSJNUP", 1, userId);

        assertThat(JSON.readTree(body).get("userId").asText()).isEqualTo(userId);
    }

    @Test
    void checkoutBody_isLaidOutAsTheReferenceSendsIt() {
        assertThat(TestPerson.ALL.get(6).checkoutBody("user-7"))
                .isEqualTo("{\"email\": \"tobias@example.com\", \"address\": {\"streetAddress\": \"150 Elgin St\","
                        + " \"zipCode\": 214, \"city\": \"Ottawa\", \"state\": \"ON\", \"country\": \"Canada\"},"
                        + " \"userCurrency\": \"CAD\", \"creditCard\": {\"creditCardNumber\": \"4763-1844-9699-8031\","
                        + " \"creditCardExpirationMonth\": 7, \"creditCardExpirationYear\": 2039, \"creditCardCvv\": 488},"
                        + " \"userId\": \"user-7\"}");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
