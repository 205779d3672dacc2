package boutique.email;

/** Order bodies as checkout sends them (snake_case, zero values left out) and as protobuf JSON writes them. */
final class Orders {

    private Orders() {}

    static final String SNAKE_CASE_ORDER = """
            {"order_id":"5b0f8f1e-6d5c-11ed-9a3c-0242ac120007",
             "shipping_tracking_id":"2f1b7c7e-3f2a-4a4e-9b0e-6c1d2e3f4a5b",
             "shipping_cost":{"currency_code":"USD","units":8,"nanos":900000000},
             "shipping_address":{"street_address":"1600 Amphitheatre Parkway","city":"Mountain View","state":"CA",
                                 "country":"United States","zip_code":94043},
             "items":[{"item":{"product_id":"LS4PSXUNUM","quantity":2},
                       "cost":{"currency_code":"USD","units":57,"nanos":799999999}},
                      {"item":{"product_id":"9SIQT8TOJO","quantity":1},
                       "cost":{"currency_code":"USD","units":3599}}]}""";

    static final String CAMEL_CASE_ORDER = """
            {"orderId":"5b0f8f1e-6d5c-11ed-9a3c-0242ac120007",
             "shippingTrackingId":"2f1b7c7e-3f2a-4a4e-9b0e-6c1d2e3f4a5b",
             "shippingCost":{"currencyCode":"USD","units":"8","nanos":900000000},
             "shippingAddress":{"streetAddress":"1600 Amphitheatre Parkway","city":"Mountain View","state":"CA",
                                "country":"United States","zipCode":"94043"},
             "items":[{"item":{"productId":"LS4PSXUNUM","quantity":2},
                       "cost":{"currencyCode":"USD","units":"57","nanos":799999999}},
                      {"item":{"productId":"9SIQT8TOJO","quantity":1},
                       "cost":{"currencyCode":"USD","units":"3599"}}]}""";

    /** What checkout sends for an empty cart: no items key, a zero shipping cost with only its currency. */
    static final String EMPTY_CART_ORDER = """
            {"order_id":"5b0f8f1e-6d5c-11ed-9a3c-0242ac120007",
             "shipping_tracking_id":"2f1b7c7e-3f2a-4a4e-9b0e-6c1d2e3f4a5b",
             "shipping_cost":{"currency_code":"EUR"},
             "shipping_address":{"street_address":"Unter den Linden 1","city":"Berlin","country":"Germany",
                                 "zip_code":10117}}""";

    static String confirmation(String email, String order) {
        return "{\"email\":\"" + email + "\",\"order\":" + order + "}";
    }
}
