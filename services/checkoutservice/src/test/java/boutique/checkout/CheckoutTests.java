package boutique.checkout;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckoutTests {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "CANCELLED, Canceled",
        "UNKNOWN, Unknown",
        "INVALID_ARGUMENT, InvalidArgument",
        "DEADLINE_EXCEEDED, DeadlineExceeded",
        "NOT_FOUND, NotFound",
        "FAILED_PRECONDITION, FailedPrecondition",
        "RESOURCE_EXHAUSTED, ResourceExhausted",
        "UNAVAILABLE, Unavailable",
        "DATA_LOSS, DataLoss",
        "UNAUTHENTICATED, Unauthenticated",
        "OK, OK"
    })
    void goCodeName_spellsCodesAsGo(Status.Code code, String goName) {
        assertThat(Checkout.goCodeName(code)).isEqualTo(goName);
    }

    @Test
    void orderIds_areDistinctLowerCaseVersionOneUuids() {
        OrderIds ids = new OrderIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertThat(id).hasSize(36).isEqualTo(id.toLowerCase()).matches(".{14}1.*");
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(1);
            assertThat(uuid.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void orderIds_carryTheCurrentTime() {
        long before = System.currentTimeMillis();
        long uuidMillis = (UUID.fromString(new OrderIds().next()).timestamp() - 0x01B21DD213814000L) / 10_000;
        assertThat(uuidMillis).isBetween(before - 1, System.currentTimeMillis() + 1);
    }
}
