package boutique.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import boutique.kit.testing.ServiceProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaOptionsTests {

    @TempDir
    Path state;

    @Test
    void aServicesOwnVariable_comesAfterTheShopsOptions_soItsHeapWins() throws Exception {
        Shop shop = Shop.of(ServiceProcess.projectRoot(), state, Map.of());

        List<String> frontend = shop.spec(service(shop, "frontend"), List.of()).command();

        assertThat(frontend).containsSubsequence("-Xmx40m", "-Xmx64m", "-jar");
        assertThat(frontend).containsAll(shop.javaOptions());
    }

    @Test
    void aServiceWithoutAVariable_getsTheShopsOptionsOnly() throws Exception {
        Shop shop = Shop.of(ServiceProcess.projectRoot(), state, Map.of());

        List<String> cart = shop.spec(service(shop, "cartservice"), List.of()).command();

        assertThat(cart.subList(1, 1 + shop.javaOptions().size())).isEqualTo(shop.javaOptions());
        assertThat(cart).doesNotContain("-Xmx64m");
    }

    @Test
    void theCallersEnvironment_setsAnyServicesOptions() throws Exception {
        Shop shop = Shop.of(
                ServiceProcess.projectRoot(),
                state,
                Map.of("CARTSERVICE_JAVA_OPTS", "-Xmx48m -XX:+UseParallelGC", "FRONTEND_JAVA_OPTS", ""));

        assertThat(shop.javaOptions(service(shop, "cartservice"))).endsWith("-Xmx48m", "-XX:+UseParallelGC");
        assertThat(shop.javaOptions(service(shop, "frontend"))).isEqualTo(shop.javaOptions());
    }

    private static ServiceDef service(Shop shop, String name) {
        return shop.select(List.of(name)).get(0);
    }
}
