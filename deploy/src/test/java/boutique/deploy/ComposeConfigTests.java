package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Docker Compose's own validation of deploy/docker-compose.yml ({@code docker-compose config}, or
 * {@code docker compose config} with Compose v2 as Docker's plugin), no engine needed.
 */
class ComposeConfigTests {

    private static List<String> compose;

    @BeforeAll
    static void composeIsInstalled() throws Exception {
        compose = composeCommand();
        assumeTrue(
                compose != null,
                "SKIPPED: neither docker-compose nor Docker's compose plugin is installed (apt-get install"
                        + " docker-compose); .ci/run installs it");
    }

    /**
     * {@code docker-compose} where that program is installed, else {@code docker compose} where Docker's plugin
     * answers, else null.
     */
    private static List<String> composeCommand() throws Exception {
        if (Processes.onPath("docker-compose")) {
            return List.of("docker-compose");
        }
        if (Processes.onPath("docker")
                && Processes.run(Path.of("."), Map.of(), 30, List.of("docker", "compose", "version"))
                                .exitCode()
                        == 0) {
            return List.of("docker", "compose");
        }
        return null;
    }

    /** {@code config} run in {@code directory}: the compose file there rendered with its .env, or the errors. */
    private static Processes.Result config(Path directory) throws Exception {
        List<String> command = new ArrayList<>(compose);
        command.add("config");
        return Processes.run(directory, Map.of(), 60, command);
    }

    @Test
    void config_rendersAndValidatesTheComposeFile() throws Exception {
        Processes.Result result = config(DeployFiles.path("deploy"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        Map<String, Object> rendered = DeployFiles.yaml(result.output());
        assertThat(DeployFiles.map(rendered.get("services")).keySet())
                .containsExactlyInAnyOrderElementsOf(
                        DeployFiles.composeServices().keySet());
    }

    @Test
    void config_agreesWithOurReadingOfTheEnvFile() throws Exception {
        Processes.Result result = config(DeployFiles.path("deploy"));
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

        Processes.Result result = config(copy);

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("restrat");
    }
}
