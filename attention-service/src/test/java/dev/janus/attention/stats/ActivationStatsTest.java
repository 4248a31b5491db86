package dev.janus.attention.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import dev.janus.comm.stats.ActivationSnapshot;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * GET /internal/activation-stats after a completion on tiny-mixtral (4 layers, 8 experts, top-2).
 * The context is shared with the other API tests, so counts are compared before/after.
 */
@ApiTest
class ActivationStatsTest {

    private static final int LAYERS = 4;
    private static final int EXPERTS = 8;
    private static final int TOP_K = 2;

    @LocalServerPort
    int port;

    @Test
    void countsOfACompletionSumToTokensTimesTopKPerLayer() {
        StatsHttp http = new StatsHttp(port);
        ActivationSnapshot before = binary(http);
        int tokens = http.complete(TinyModel.ID, "[1,2,3,4,5]", 4);
        ActivationSnapshot after = binary(http);

        assertThat(after.layers()).isEqualTo(LAYERS);
        assertThat(after.experts()).isEqualTo(EXPERTS);
        assertThat(after.windowMillis()).isEqualTo(600_000);
        assertThat(tokens).isGreaterThanOrEqualTo(5); // the prompt at least (a stop token may end it early)
        for (int l = 0; l < LAYERS; l++) {
            long counts = 0;
            long pairs = 0;
            for (int i = 0; i < EXPERTS; i++) {
                counts += after.count(l, i) - before.count(l, i);
                for (int j = i + 1; j < EXPERTS; j++) {
                    pairs += after.coactivation(l, i, j) - before.coactivation(l, i, j);
                }
            }
            assertThat(counts).as("layer %d activations", l).isEqualTo((long) tokens * TOP_K);
            assertThat(pairs).as("layer %d co-activated pairs (k=2: one per token)", l).isEqualTo(tokens);
        }
    }

    @Test
    void jsonFormMatchesTheBinaryOne() {
        StatsHttp http = new StatsHttp(port);
        http.complete(TinyModel.ID, "[7,8,9]", 2);
        HttpResponse<byte[]> r = http.get("/internal/activation-stats?format=json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode json = StatsHttp.JSON.readTree(r.body());
        ActivationSnapshot s = binary(http); // no request in between: same counts
        assertThat(json.get("layers").asInt()).isEqualTo(LAYERS);
        assertThat(json.get("experts").asInt()).isEqualTo(EXPERTS);
        for (int l = 0; l < LAYERS; l++) {
            for (int e = 0; e < EXPERTS; e++) {
                assertThat(json.get("counts").get(l).get(e).asLong()).isEqualTo(s.count(l, e));
            }
            long pairTokens = 0;
            for (JsonNode pair : json.get("coactivation").get(l)) {
                int i = pair.get(0).asInt();
                int j = pair.get(1).asInt();
                assertThat(i).isLessThan(j);
                assertThat(pair.get(2).asLong()).isPositive().isEqualTo(s.coactivation(l, i, j));
                pairTokens += pair.get(2).asLong();
            }
            assertThat(pairTokens).isPositive();
        }
    }

    @Test
    void unknownFormatIsAProblem() {
        HttpResponse<byte[]> r = new StatsHttp(port).get("/internal/activation-stats?format=xml");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("format must be binary or json");
    }

    @Test
    void gaugesAreScraped() {
        StatsHttp http = new StatsHttp(port);
        http.complete(TinyModel.ID, "[1,2,3]", 2);
        // the gauges share a snapshot that is at most a second old (CachedSnapshot): an earlier
        // scrape may still be cached, so scrape again until the completion shows (≤ 3 s)
        String[] scrape = {""};
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
            scrape[0] = new String(http.get("/actuator/prometheus").body(), StandardCharsets.UTF_8);
            return scrape[0].contains("janus_expert_activations{application=\"attention-service\",layer=\"0\"}")
                    && !scrape[0].contains("janus_expert_activations{application=\"attention-service\",layer=\"0\"} 0.0");
        });
        assertThat(scrape[0])
                .contains("janus_expert_activations{application=\"attention-service\",layer=\"0\"}")
                .contains("janus_expert_activations{application=\"attention-service\",layer=\"3\"}")
                .contains("janus_expert_activation_imbalance{application=\"attention-service\",layer=\"0\"}")
                .contains("janus_expert_activations_by_expert{application=\"attention-service\",expert=\"7\",layer=\"3\"}")
                .doesNotContain("janus_expert_activations{application=\"attention-service\",layer=\"0\"} 0.0");
    }

    private static ActivationSnapshot binary(StatsHttp http) {
        HttpResponse<byte[]> r = http.get("/internal/activation-stats");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/octet-stream");
        return ActivationSnapshot.decode(r.body());
    }
}
