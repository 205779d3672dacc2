package boutique.loadgenerator;

import java.util.List;

/** One of the reference's nine fictitious shoppers, whose address and card every checkout uses. */
record TestPerson(
        String email,
        String streetAddress,
        int zipCode,
        String city,
        String state,
        String country,
        String userCurrency,
        String creditCardNumber,
        int creditCardExpirationMonth,
        int creditCardExpirationYear,
        int creditCardCvv) {

    static final List<TestPerson> ALL = List.of(
            new TestPerson(
                    "larry_sergei@example.com",
                    "1600 Amphitheatre Parkway",
                    94043,
                    "Mountain View",
                    "CA",
                    "United States",
                    "USD",
                    "4432-8015-6152-0454",
                    1,
                    2039,
                    672),
            new TestPerson(
                    "bill@example.com",
                    "One Microsoft Way",
                    98052,
                    "Redmond",
                    "WA",
                    "United States",
                    "USD",
                    "4532-4211-7434-1278",
                    2,
                    2039,
                    114),
            new TestPerson(
                    "steve@example.com",
                    "One Apple Park Way",
                    95014,
                    "Cupertino",
                    "CA",
                    "United States",
                    "USD",
                    "4532-6178-2799-1951",
                    3,
                    2039,
                    239),
            new TestPerson(
                    "mark@example.com",
                    "1 Hacker Way",
                    94025,
                    "Menlo Park",
                    "CA",
                    "United States",
                    "USD",
                    "4539-1103-5661-7083",
                    4,
                    2039,
                    784),
            new TestPerson(
                    "jeff@example.com",
                    "410 Terry Ave N",
                    98109,
                    "Seattle",
                    "WA",
                    "United States",
                    "USD",
                    "4916-0816-6217-7968",
                    5,
                    2039,
                    397),
            new TestPerson(
                    "reed@example.com",
                    "100 Winchester Circle",
                    95032,
                    "Los Gatos",
                    "CA",
                    "United States",
                    "USD",
                    "4929-5431-0337-5647",
                    6,
                    2039,
                    793),
            new TestPerson(
                    "tobias@example.com",
                    "150 Elgin St",
                    214,
                    "Ottawa",
                    "ON",
                    "Canada",
                    "CAD",
                    "4763-1844-9699-8031",
                    7,
                    2039,
                    488),
            new TestPerson(
                    "jack@example.com",
                    "1355 Market St",
                    94103,
                    "San Francisco",
                    "CA",
                    "United States",
                    "USD",
                    "4929-6495-8333-3657",
                    8,
                    2039,
                    159),
            new TestPerson(
                    "moore@example.com",
                    "2200 Mission College Blvd",
                    95054,
                    "Santa Clara",
                    "CA",
                    "United States",
                    "USD",
                    "4485-4803-8707-3547",
                    9,
                    2039,
                    682));

    /**
     * The body of {@code POST /api/checkout} for this person paying for {@code userId}'s cart, keys in the
     * reference's order. A fresh body per checkout, so concurrent shoppers never share a record.
     */
    String checkoutBody(String userId) {
        return Json.requestBody(new CheckoutBody(
                email,
                new Address(streetAddress, zipCode, city, state, country),
                userCurrency,
                new CreditCard(creditCardNumber, creditCardExpirationMonth, creditCardExpirationYear, creditCardCvv),
                userId));
    }

    private record CheckoutBody(
            String email, Address address, String userCurrency, CreditCard creditCard, String userId) {}

    private record Address(String streetAddress, int zipCode, String city, String state, String country) {}

    private record CreditCard(
            String creditCardNumber, int creditCardExpirationMonth, int creditCardExpirationYear, int creditCardCvv) {}
}
