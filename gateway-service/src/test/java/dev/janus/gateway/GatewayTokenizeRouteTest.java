package dev.janus.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;

/** vLLM's /tokenize and /detokenize reach the attention instances in the API key realm, and nothing beside them does. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moe.gateway.api-keys=sk-good",
        "moe.gateway.admin-keys=admin-secret",
        "moe.gateway.rate-limit.backend=memory"})
class GatewayTokenizeRouteTest extends RunningGatewayTest {

    @RegisterExtension
    static final StandInUpstreams UPSTREAMS = new StandInUpstreams(r -> r
            .post("/tokenize", (req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"count\":2,\"max_model_len\":2048,\"tokens\":[1,2]}")))
            .post("/detokenize", (req, res) -> res.header("Content-Type", "application/json")
                    .sendString(Mono.just("{\"prompt\":\"hi\"}")))
            .post("/tokenizex", (req, res) -> res.sendString(Mono.just("must not be reachable"))),
            r -> { });

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        UPSTREAMS.register(registry);
    }

    @Test
    void tokenizeAndDetokenizeAreRoutedWithAnApiKey() {
        client().post().uri("/tokenize").header(HttpHeaders.AUTHORIZATION, "Bearer sk-good")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"prompt\":\"hi\"}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.count").isEqualTo(2);
        client().post().uri("/detokenize").header(HttpHeaders.AUTHORIZATION, "Bearer sk-good")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"tokens\":[1,2]}").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.prompt").isEqualTo("hi");
    }

    @Test
    void withoutAKeyOrWithTheAdminKeyTheyAreRefusedInOpenAiShape() {
        client().post().uri("/tokenize").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"prompt\":\"hi\"}").exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("invalid_api_key");
        client().post().uri("/detokenize").header(HttpHeaders.AUTHORIZATION, "Bearer admin-secret")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"tokens\":[1]}").exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void onlyTheTwoExactPathsAreRouted() {
        client().post().uri("/tokenizex").header(HttpHeaders.AUTHORIZATION, "Bearer sk-good")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isNotFound();
    }
}
