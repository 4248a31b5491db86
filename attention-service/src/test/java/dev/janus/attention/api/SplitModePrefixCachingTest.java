package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Prefix caching in the split deployment: attention-service over gRPC to three MoE instances
 * (as {@link SplitModeTest}). A cached prefix skips the attention side's prompt layers and the
 * experts' work for those tokens alike; the next tokens must still be the golden ones.
 */
class SplitModePrefixCachingTest {

    private static final int BLOCK = 16;

    @Test
    void repeatedPromptsReuseTheirBlocksAndKeepTheGoldenTokens() throws Exception {
        try (MoeInstances moe = new MoeInstances(3, 4);
             ConfigurableApplicationContext ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                     "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1",
                     "--moe.scheduler.kv-cache-tokens=4096", "--moe.experts.transport=grpc",
                     "--moe.experts.targets=" + moe.targets(), "--moe.experts.deadline=5s",
                     "--moe.placement.instances=3", "--moe.placement.redundant-slots=4")) {
            RawApi api = new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());
            int hits = 0;
            for (TinyModel.Golden g : TinyModel.all()) {
                String expected = decode(api, g.greedy());
                for (int round = 0; round < 2; round++) {
                    JsonNode r = complete(api, g.ids(), g.greedy().length);
                    assertThat(r.get("choices").get(0).get("text").asString()).as("%s round %d", Arrays.toString(g.ids()), round)
                            .isEqualTo(expected);
                    int cached = r.get("usage").get("prompt_tokens_details").get("cached_tokens").asInt();
                    int reusable = (g.ids().length - 1) / BLOCK * BLOCK;
                    // round 0 may find blocks of an earlier prompt with the same start (several start with BOS only)
                    assertThat(cached).isLessThanOrEqualTo(reusable);
                    if (round == 1) {
                        assertThat(cached).isEqualTo(reusable);
                        hits += cached;
                    }
                }
            }
            assertThat(hits).as("some golden prompt spans a full block").isPositive();
        }
    }

    private static JsonNode complete(RawApi api, int[] ids, int maxTokens) {
        RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids)
                + ",\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"ignore_eos\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static String decode(RawApi api, int[] ids) {
        RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids)
                + ",\"max_tokens\":0,\"echo\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("choices").get(0).get("text").asString();
    }
}
