package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.AttentionServiceApplication;
import dev.janus.attention.TinyModel;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * attention-service with moe.experts.transport=grpc against three MoE-instance gRPC servers
 * (comm-lib's ExpertStreamService over the experts each hosts under the same round-robin
 * placement that expert-service computes; expert-service's own SplitDeploymentTest runs the real
 * application): the API's greedy completions are the golden ones, and once the only host of some
 * experts is stopped a request fails with an error naming it instead of hanging.
 */
class SplitModeTest {

    private static final int INSTANCES = 3;
    private static final int REDUNDANT = 4;

    @Test
    void grpcModeServesTheGoldenTokensAndReportsAStoppedInstance() throws Exception {
        ConfigurableApplicationContext ctx = null;
        try (MoeInstances moe = new MoeInstances(INSTANCES, REDUNDANT)) {
            ctx = new SpringApplicationBuilder(AttentionServiceApplication.class).run(
                    "--server.port=0", "--moe.model.path=" + TinyModel.DIR, "--moe.scheduler.compute-threads=1",
                    "--moe.scheduler.kv-cache-tokens=4096", "--moe.experts.transport=grpc",
                    "--moe.experts.targets=" + moe.targets(), "--moe.experts.deadline=5s",
                    "--moe.placement.instances=" + INSTANCES, "--moe.placement.redundant-slots=" + REDUNDANT);
            RawApi api = new RawApi(((WebServerApplicationContext) ctx).getWebServer().getPort());

            for (TinyModel.Golden g : TinyModel.all()) {
                RawApi.Reply r = api.post("/v1/completions", body(g.ids(), g.greedy().length));
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                assertThat(text(r)).as(Arrays.toString(g.greedy())).isEqualTo(decode(api, g.greedy()));
            }

            moe.stop(2); // the only host of some experts (E=8, R=4)
            TinyModel.Golden longest = TinyModel.all().stream().max((a, b) -> a.ids().length - b.ids().length).orElseThrow();
            long start = System.nanoTime();
            RawApi.Reply failed = api.post("/v1/completions", body(longest.ids(), 4));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
            assertThat(failed.body()).contains("MoE instance 2");
        } finally {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    private static String body(int[] ids, int maxTokens) {
        return "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids) + ",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"ignore_eos\":true}";
    }

    private static String text(RawApi.Reply r) {
        return r.json().get("choices").get(0).get("text").asString();
    }

    private static String decode(RawApi api, int[] ids) {
        RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids)
                + ",\"max_tokens\":0,\"echo\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return text(r);
    }
}
