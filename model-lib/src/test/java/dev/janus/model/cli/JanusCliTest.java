package dev.janus.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.golden.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The CLI as the README uses it, end to end through {@link JanusCli#run}. */
class JanusCliTest {

    private record Run(int code, String out, String err) {
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = JanusCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void generateJsonMatchesTheGoldenGreedyContinuationAndPromptLogprobs() throws Exception {
        JsonNode golden = Fixtures.golden("tiny-mixtral");
        JsonNode prompt = golden.get("prompts").get(1); // bos_short_text
        String ids = Arrays.stream(Fixtures.ints(prompt.get("ids"))).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        Run run = cli("generate", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-ids", ids,
                "--max-tokens", "16", "--ignore-eos", "--top-logprobs", "5", "--json", "--kernel", "scalar");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(Fixtures.ints(json.get("prompt_ids"))).containsExactly(Fixtures.ints(prompt.get("ids")));
        assertThat(Fixtures.ints(json.get("tokens"))).containsExactly(Fixtures.ints(prompt.get("greedy").get("ids")));
        assertThat(json.get("logprobs")).hasSize(16);
        for (int i = 0; i < 16; i++) {
            JsonNode lp = json.get("logprobs").get(i);
            assertThat(lp.get("logprob").doubleValue())
                    .isCloseTo(prompt.get("greedy").get("logprobs").get(i).doubleValue(), within(2e-3));
            assertThat(lp.get("top")).hasSize(5);
            assertThat(lp.get("top").get(0).get(0).intValue()).isEqualTo(lp.get("token").intValue());
        }
        // prompt_logprobs[i] scores prompt token i+1; its top-5 are golden top5 at position i
        JsonNode promptLp = json.get("prompt_logprobs");
        assertThat(promptLp).hasSize(prompt.get("ids").size() - 1);
        for (int i = 0; i < promptLp.size(); i++) {
            assertThat(promptLp.get(i).get("token").intValue()).isEqualTo(prompt.get("ids").get(i + 1).intValue());
            JsonNode want = prompt.get("top5").get(i);
            for (int j = 0; j < 5; j++) {
                assertThat(promptLp.get(i).get("top").get(j).get(1).doubleValue())
                        .isCloseTo(want.get(j).get(1).doubleValue(), within(2e-3));
            }
        }
        assertThat(json.get("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void sameSeedSameTokensDifferentSeedDifferentTokens() {
        String model = Fixtures.dir("tiny-olmoe").toString();
        Run a = cli("generate", "--model", model, "--prompt", "Hello there", "--temperature", "1.0", "--seed", "7",
                "--max-tokens", "24", "--ignore-eos", "--json");
        Run b = cli("generate", "--model", model, "--prompt", "Hello there", "--temperature", "1.0", "--seed", "7",
                "--max-tokens", "24", "--ignore-eos", "--json");
        Run c = cli("generate", "--model", model, "--prompt", "Hello there", "--temperature", "1.0", "--seed", "8",
                "--max-tokens", "24", "--ignore-eos", "--json");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(tokens(a)).isEqualTo(tokens(b));
        assertThat(tokens(a)).isNotEqualTo(tokens(c));
    }

    @Test
    void makeModelThenGenerateWithChatTemplateAndBench(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tiny-qwen");
        Run make = cli("make-model", "--preset", "tiny", "--family", "qwen2moe", "--seed", "3", "--out", dir.toString());
        assertThat(make.code()).as(make.err()).isZero();
        assertThat(dir.resolve("config.json")).exists();
        assertThat(Files.readString(dir.resolve("config.json"))).contains("Qwen2MoeForCausalLM");
        Run gen = cli("generate", "--model", dir.toString(), "--prompt", "What is a mixture of experts?", "--chat",
                "--max-tokens", "8", "--json");
        assertThat(gen.code()).as(gen.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(gen.out());
        assertThat(json.get("tokens").size()).isBetween(1, 8);
        Run bench = cli("bench", "--model", dir.toString(), "--prompt-tokens", "8", "--decode-tokens", "4",
                "--batches", "1,2", "--bandwidth-mb", "16");
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("streaming read bandwidth").contains("decode/bound");
        assertThat(bench.out().lines().filter(l -> l.matches("\\s+[12]\\s+.*"))).hasSize(2);
    }

    @Test
    void badInputIsAClearErrorNotAStackTrace(@TempDir Path tmp) {
        Run missing = cli("generate", "--model", tmp.toString(), "--prompt-ids", "1,2");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("error:").contains("no config.json").doesNotContain("Exception");
        Run badId = cli("generate", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-ids", "1,99999");
        assertThat(badId.code()).isEqualTo(1);
        assertThat(badId.err()).contains("99999");
        Run badTemp = cli("generate", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-ids", "1",
                "--temperature", "-1");
        assertThat(badTemp.code()).isEqualTo(1);
        assertThat(badTemp.err()).contains("temperature");
        Run noPrompt = cli("generate", "--model", Fixtures.dir("tiny-mixtral").toString());
        assertThat(noPrompt.code()).isEqualTo(1); // a usage error is one line too
        assertThat(noPrompt.err()).startsWith("error: ").contains("--prompt").hasLineCount(1);
        Run badPreset = cli("make-model", "--preset", "huge", "--out", tmp.resolve("x").toString());
        assertThat(badPreset.code()).isEqualTo(1);
        assertThat(badPreset.err()).contains("huge");
    }

    private static String tokens(Run run) {
        try {
            return new ObjectMapper().readTree(run.out()).get("tokens").toString();
        } catch (Exception e) {
            throw new AssertionError(run.out() + run.err(), e);
        }
    }
}
