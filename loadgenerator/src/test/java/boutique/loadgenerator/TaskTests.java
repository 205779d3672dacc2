package boutique.loadgenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskTests {

    @Test
    void tasks_haveTheLocustfileNamesAndWeights() {
        Map<String, Integer> weights =
                Arrays.stream(Task.values()).collect(Collectors.toMap(Task::taskName, Task::weight));

        assertThat(weights)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "index",
                        1,
                        "browse_product",
                        10,
                        "get_recommendations",
                        3,
                        "get_ads",
                        3,
                        "view_cart",
                        3,
                        "add_to_cart",
                        2,
                        "checkout",
                        1,
                        "checkout_multi",
                        1));
        assertThat(weights.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(Task.TOTAL_WEIGHT);
    }

    @Test
    void forTicket_givesEachTaskAsManyTicketsAsItsWeight() {
        Map<Task, Integer> tickets = new EnumMap<>(Task.class);
        for (int ticket = 0; ticket < Task.TOTAL_WEIGHT; ticket++) {
            tickets.merge(Task.forTicket(ticket), 1, Integer::sum);
        }

        for (Task task : Task.values()) {
            assertThat(tickets.get(task)).as(task.taskName()).isEqualTo(task.weight());
        }
    }

    @Test
    void forTicket_outsideTheRange_isRejected() {
        assertThatThrownBy(() -> Task.forTicket(24)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Task.forTicket(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pick_manyDraws_matchTheWeights() {
        SplittableRandom random = new SplittableRandom(7);
        int draws = 240_000;
        Map<Task, Integer> counts = new EnumMap<>(Task.class);
        for (int i = 0; i < draws; i++) {
            counts.merge(Task.pick(random), 1, Integer::sum);
        }

        for (Task task : Task.values()) {
            double expected = (double) draws * task.weight() / Task.TOTAL_WEIGHT;
            // Five standard deviations of a binomial count: fails only if the weights are wrong.
            double tolerance = 5 * Math.sqrt(expected);
            assertThat((double) counts.get(task))
                    .as(task.taskName())
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(tolerance));
        }
    }
}
