package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeTests {

    @Test
    void servicesTable_listsEveryModule() {
        List<String> listed = new ArrayList<>();
        boolean inTable = false;
        for (String line : DeployFiles.read("README.md").split("\n")) {
            if (line.startsWith("| service |")) {
                inTable = true;
            } else if (inTable && line.startsWith("|")) {
                listed.add(line.split("\\|")[1].strip().replace("`", ""));
            } else if (inTable) {
                break;
            }
        }

        assertThat(listed)
                .as("services in the README's table")
                .containsAll(DeployFiles.serviceModules().stream()
                        .map(DeployFiles::moduleName)
                        .toList());
    }

    @Test
    void readme_explainsDockerAndKubernetes() {
        String readme = DeployFiles.read("README.md");

        assertThat(readme)
                .contains(
                        "## Run with Docker", "## Run on Kubernetes", "deploy/docker-compose.yml", "deploy/kubernetes");
    }
}
