-- Every failure scenario the shop ships, all off. A flag at p fires on that share of the calls that read it.
INSERT INTO featureflags (name, description, enabled, inserted_at, updated_at)
SELECT name, description, 0.0, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
FROM (VALUES
    ('productCatalogFailure',
     'Product catalog: GetProduct of product OLJCESPC7Z fails with INTERNAL.'),
    ('recommendationCache',
     'Recommendations: a deliberately growing cache; same answers, rising memory and latency.'),
    ('adServiceFailure',
     'Ads: GetAds fails with RESOURCE_EXHAUSTED.'),
    ('adServiceHighCpu',
     'Ads: each GetAds burns about 50 ms of CPU before answering.'),
    ('adServiceManualGc',
     'Ads: each GetAds runs a full garbage collection before answering.'),
    ('cartServiceFailure',
     'Cart: EmptyCart fails with FAILED_PRECONDITION (cart storage unreachable); checkout ignores it.'),
    ('paymentServiceFailure',
     'Payment: Charge fails with INTERNAL "Payment request failed. Invalid token.", so orders fail.'),
    ('paymentServiceUnreachable',
     'Checkout: calls payment at an address where nothing listens, so orders fail UNAVAILABLE.'),
    ('emailMemoryLeak',
     'Email: keeps 1,000 copies of every confirmation mail forever (a deliberate memory leak).'),
    ('imageSlowLoad',
     'Frontend: product images are served after a 5 s delay.'),
    ('intlShippingSlowdown',
     'Shipping: quotes and shipments to countries other than the United States take 5 s longer.')
) AS seed (name, description)
ON CONFLICT (name) DO NOTHING;
