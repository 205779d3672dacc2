package boutique.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads every manifest into Kubernetes' own API models, whose JSON reader rejects a field the API does not
 * define and a missing required one, so a misspelt key fails here rather than at {@code kubectl apply}.
 */
class KubernetesSchemaTests {

    @Test
    void manifests_eachMatchTheKubernetesApi() throws IOException {
        List<Map<String, Object>> documents = DeployFiles.kubernetes();

        assertThat(documents).isNotEmpty();
        for (Map<String, Object> document : documents) {
            assertThat(read(document))
                    .as("%s %s", document.get("kind"), DeployFiles.at(document, "metadata", "name"))
                    .isNotNull();
        }
    }

    @Test
    void read_misspeltField_fails() {
        String misspelt =
                DeployFiles.read("deploy/kubernetes/frontend.yaml").replace("readinessProbe:", "readinesProbe:");

        assertThatThrownBy(() -> read(DeployFiles.yamlDocuments(misspelt).get(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("readinesProbe");
    }

    private static Object read(Map<String, Object> document) throws IOException {
        String json = new Gson().toJson(document);
        return switch (String.valueOf(document.get("kind"))) {
            case "Deployment" -> V1Deployment.fromJson(json);
            case "StatefulSet" -> V1StatefulSet.fromJson(json);
            case "Service" -> V1Service.fromJson(json);
            case "ConfigMap" -> V1ConfigMap.fromJson(json);
            default -> throw new AssertionError("unexpected kind " + document.get("kind"));
        };
    }
}
