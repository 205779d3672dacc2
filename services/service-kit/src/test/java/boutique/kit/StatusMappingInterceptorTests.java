package boutique.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class StatusMappingInterceptorTests {

    @Test
    void shopException_keepsItsCodeAndMessage() {
        Status status = StatusMappingInterceptor.toStatus(ShopException.notFound("Product Not Found: X"), "m");
        assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(status.getDescription()).isEqualTo("Product Not Found: X");
    }

    @Test
    void downstreamFailure_keepsTheDownstreamCode() {
        Status status = StatusMappingInterceptor.toStatus(
                Status.UNAVAILABLE.withDescription("connection refused").asRuntimeException(), "m");
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).isEqualTo("connection refused");
    }

    @Test
    void unexpectedException_isInternalWithoutItsMessage() {
        Status status = StatusMappingInterceptor.toStatus(new IllegalStateException("secret detail"), "m");
        assertThat(status.getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(status.getDescription()).isEqualTo("internal error");
        assertThat(status.getCause()).isNull();
    }

    @Test
    void hugeMessage_isCutToFitATrailer() {
        Status status = StatusMappingInterceptor.toStatus(
                ShopException.invalidArgument("unsupported currency code: " + "X".repeat(1_000_000)), "m");
        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription())
                .startsWith("unsupported currency code: XXX")
                .hasSizeLessThan(1100);
    }
}
