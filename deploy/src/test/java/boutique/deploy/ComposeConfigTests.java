package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker Compose's own validation of deploy/docker-compose.yml ({@code docker-compose config}), no engine needed. */
class ComposeConfigTests {

    @BeforeAll
    static void composeIsInstalled() {
        assumeTrue(
                Processes.onPath("docker-compose"),
                "SKIPPED: docker-compose is not installed (apt-get install docker-compose); .ci/run installs it");
    }

    @Test
    void config_rendersAndValidatesTheComposeFile() throws Exception {
        Processes.Result result =
                Processes.run(DeployFiles.path("deploy"), Map.of(), 60, List.of("docker-compose", "config"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        Map<String, Object> rendered = DeployFiles.yaml(result.output());
        assertThat(DeployFiles.map(rendered.get("services")).keySet())
                .containsExactlyInAnyOrderElementsOf(
                        DeployFiles.composeServices().keySet());
    }

    @Test
    void config_agreesWithOurReadingOfTheEnvFile() throws Exception {
        Processes.Result result =
                Processes.run(DeployFiles.path("deploy"), Map.of(), 60, List.of("docker-compose", "config"));
        Map<String, Object> rendered =
                DeployFiles.map(DeployFiles.yaml(result.output()).get("services"));

        DeployFiles.composeServices()
                .forEach((name, service) -> assertThat(
                                DeployFiles.map(DeployFiles.at(rendered.get(name), "environment")))
                        .as(name)
                        .isEqualTo(DeployFiles.map(DeployFiles.at(service, "environment"))));
    }

    @Test
    void config_failsOnAMisspeltKey(@TempDir Path copy) throws Exception {
        Files.writeString(
                copy.resolve("docker-compose.yml"),
                DeployFiles.read("deploy/docker-compose.yml").replaceFirst("restart:", "restrat:"));
        Files.copy(DeployFiles.path("deploy/.env"), copy.resolve(".env"));

        Processes.Result result = Processes.run(copy, Map.of(), 60, List.of("docker-compose", "config"));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("restrat");
    }
}
