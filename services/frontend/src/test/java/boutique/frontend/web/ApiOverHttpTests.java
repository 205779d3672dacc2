package boutique.frontend.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What only a real Tomcat shows: its limits on the request line and the number of parameters still answer JSON. */
@FrontendOverHttpTest
class ApiOverHttpTests {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void twoHundredCommaJoinedProductIds_isAJsonBadRequest() throws Exception {
        String ids = String.join(",", Collections.nCopies(200, FakeBackends.FLASHLIGHT));
        HttpResponse<String> response = get("/api/data?productIds=" + ids);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(response.body()).isEqualTo("{\"error\":\"productIds must hold at most 100 ids, got 200\"}");
    }

    @Test
    void moreThanAThousandParameters_isAJsonBadRequest() throws Exception {
        String query = String.join("&", Collections.nCopies(1_100, "productIds=A"));
        HttpResponse<String> response = get("/api/recommendations?" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"too many request parameters\"}");
    }

    @Test
    void trailingSlash_followedByAClient_endsIn200Json() throws Exception {
        HttpClient following = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpResponse<String> response = following.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/api/data/?productIds=" + FakeBackends.FLASHLIGHT))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.uri().getPath()).isEqualTo("/api/data");
        assertThat(response.body()).startsWith("[{\"redirectUrl\":");
    }
}
