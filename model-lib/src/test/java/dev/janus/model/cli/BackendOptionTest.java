package dev.janus.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.golden.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --backend} of generate and bench: cuda without the cuda-backend module (model-lib's own
 * class path) runs on the CPU with the same tokens; an unknown backend is a one-line error.
 */
class BackendOptionTest {

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
    void generateOnCudaWithoutADeviceGivesTheGoldenTokensOnTheCpu() throws Exception {
        JsonNode prompt = Fixtures.golden("tiny-mixtral").get("prompts").get(1);
        String ids = Arrays.stream(Fixtures.ints(prompt.get("ids"))).mapToObj(Integer::toString)
                .collect(Collectors.joining(","));
        Run run = cli("generate", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-ids", ids,
                "--max-tokens", "16", "--ignore-eos", "--json", "--backend", "cuda");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Fixtures.ints(new ObjectMapper().readTree(run.out()).get("tokens")))
                .containsExactly(Fixtures.ints(prompt.get("greedy").get("ids")));
    }

    @Test
    void benchNamesTheDeviceItRanOn() {
        Run run = cli("bench", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-tokens", "4",
                "--decode-tokens", "2", "--batches", "1", "--bandwidth-mb", "8", "--backend", "cuda");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("device: cpu");
    }

    @Test
    void unknownBackendIsAOneLineError() {
        Run run = cli("generate", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-ids", "1",
                "--backend", "rocm");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("unknown backend 'rocm' (one of cpu, cuda)").hasLineCount(1);
    }
}
