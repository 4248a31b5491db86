package dev.janus.model.reference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.weights.WeightStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Why the reference can be trusted: it reproduces the PyTorch golden last_logits of every fixture prompt. */
class ReferenceGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void reproducesGoldenLastLogits(String fixture) {
        JsonNode golden = Fixtures.golden(fixture);
        Path dir = Fixtures.dir(fixture);
        try (WeightStore store = WeightStore.open(dir)) {
            java.util.function.Function<int[], double[][]> reference = CrossCheck.isDeepseek(dir)
                    ? new NaiveDeepseekReference(dir, store)::logits
                    : new NaiveReferenceForward(dir, store)::logits;
            for (JsonNode prompt : golden.get("prompts")) {
                int[] ids = Fixtures.ints(prompt.get("ids"));
                double[][] logits = reference.apply(ids);
                double[] last = logits[ids.length - 1];
                JsonNode want = prompt.get("last_logits");
                assertThat(last).hasSize(want.size());
                for (int v = 0; v < last.length; v++) {
                    assertThat(last[v]).as("%s/%s last_logits[%d]", fixture, prompt.get("name").asText(), v)
                            .isCloseTo(want.get(v).doubleValue(), within(LogitChecks.TOLERANCE));
                }
            }
        }
    }
}
