package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A request gives the same greedy tokens alone and amid 16 concurrent others (continuous batching). */
@ApiTest
class BatchingInvarianceTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    private static String body(int[] ids, int maxTokens, String extra) {
        return "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids) + ",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"logprobs\":0" + extra + "}";
    }

    /** The completion's tokens, read back from the logprobs (text alone could hide a difference). */
    private static List<String> tokens(RawApi.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode t : r.json().get("choices").get(0).get("logprobs").get("tokens")) {
            out.add(t.asString());
        }
        return out;
    }

    private static double[] logprobs(RawApi.Reply r) {
        JsonNode lps = r.json().get("choices").get(0).get("logprobs").get("token_logprobs");
        double[] out = new double[lps.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = lps.get(i).asDouble();
        }
        return out;
    }

    private static String text(RawApi.Reply r) {
        return r.json().get("choices").get(0).get("text").asString();
    }

    @Test
    void sameGreedyTokensAloneAndAmidSixteenOthers() throws Exception {
        RawApi api = new RawApi(port);
        TinyModel.Golden probe = TinyModel.golden("chat_template");
        RawApi.Reply alone = api.post("/v1/completions", body(probe.ids(), 24, ""));
        List<TinyModel.Golden> golden = TinyModel.all();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RawApi.Reply>> others = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                TinyModel.Golden g = golden.get(i % golden.size());
                // varied lengths, some sampled, some streamed: the batch changes shape every step
                String extra = i % 4 == 3 ? ",\"temperature\":0.9,\"seed\":" + i : "";
                others.add(pool.submit(() -> api.post("/v1/completions", body(g.ids(), 8 + 4 * (g.ids().length % 5), extra))));
            }
            Future<RawApi.Reply> amid = pool.submit(() -> api.post("/v1/completions", body(probe.ids(), 24, "")));
            assertThat(text(amid.get())).isEqualTo(text(alone));
            assertThat(registry.get("janus.step.batch.size").summary().max()).as("sequences per step").isGreaterThan(4);
            assertThat(tokens(amid.get())).hasSize(24).isEqualTo(tokens(alone));
            // identical tokens; logprobs only up to float rounding (kernels block rows by batch size)
            assertThat(logprobs(amid.get())).containsExactly(logprobs(alone), within(1e-4));
            for (int i = 0; i < 16; i++) {
                RawApi.Reply r = others.get(i).get();
                assertThat(r.status()).as(r.body()).isEqualTo(200);
                TinyModel.Golden g = golden.get(i % golden.size());
                if (i % 4 != 3) {
                    int n = Math.min(16, 8 + 4 * (g.ids().length % 5));
                    String expected = Arrays.stream(Arrays.copyOf(g.greedy(), n)).mapToObj(Integer::toString)
                            .collect(Collectors.joining(","));
                    assertThat(text(r)).as("request %d (%s)", i, expected).startsWith(decode(api, Arrays.copyOf(g.greedy(), n)));
                }
            }
        }
    }

    /** The golden tokens as the server's tokenizer decodes them: ask the server (echo with max_tokens 0). */
    private static String decode(RawApi api, int[] ids) {
        RawApi.Reply r = api.post("/v1/completions", "{\"model\":\"" + TinyModel.ID + "\",\"prompt\":" + Arrays.toString(ids)
                + ",\"max_tokens\":0,\"echo\":true}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return text(r);
    }
}
