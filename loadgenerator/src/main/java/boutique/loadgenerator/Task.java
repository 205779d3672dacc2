package boutique.loadgenerator;

import java.util.random.RandomGenerator;

/** The reference shopper's eight tasks, each with its Locust weight; a shopper picks one by weight, then pauses. */
enum Task {
    INDEX("index", 1),
    BROWSE_PRODUCT("browse_product", 10),
    GET_RECOMMENDATIONS("get_recommendations", 3),
    GET_ADS("get_ads", 3),
    VIEW_CART("view_cart", 3),
    ADD_TO_CART("add_to_cart", 2),
    CHECKOUT("checkout", 1),
    CHECKOUT_MULTI("checkout_multi", 1);

    static final int TOTAL_WEIGHT = 24;

    private final String taskName;
    private final int weight;

    Task(String taskName, int weight) {
        this.taskName = taskName;
        this.weight = weight;
    }

    /** The task's name in the reference's locustfile, used as the Gatling group name in reports. */
    String taskName() {
        return taskName;
    }

    int weight() {
        return weight;
    }

    /** Draws a task with probability weight / 24. */
    static Task pick(RandomGenerator random) {
        return forTicket(random.nextInt(TOTAL_WEIGHT));
    }

    /** The task owning ticket {@code 0 <= ticket < 24} when each task holds as many tickets as its weight. */
    static Task forTicket(int ticket) {
        if (ticket < 0 || ticket >= TOTAL_WEIGHT) {
            throw new IllegalArgumentException("ticket must be in 0.." + (TOTAL_WEIGHT - 1) + ", got " + ticket);
        }
        int remaining = ticket;
        for (Task task : values()) {
            if (remaining < task.weight) {
                return task;
            }
            remaining -= task.weight;
        }
        throw new IllegalStateException("weights do not add up to " + TOTAL_WEIGHT);
    }
}
