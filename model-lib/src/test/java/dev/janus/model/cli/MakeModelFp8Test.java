package dev.janus.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.TensorInfo;
import dev.janus.model.weights.WeightStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make-model --dtype fp8} round trip: the HF FP8 layout (codes F8_E4M3, F32
 * weight_scale_inv of ceil-divided block shape, quantization_config; embeddings, norms, router
 * gates and lm_head left in bf16), each block's largest weight on the largest code 448, values
 * within e4m3's rounding of the bf16 model of the same seed, and the model loads, generates and
 * benchmarks.
 */
class MakeModelFp8Test {

    private static String[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = JanusCli.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void writesHfFp8CheckpointsThatRoundTrip(@TempDir Path tmp) throws Exception {
        Path bf16 = tmp.resolve("bf16");
        Path fp8 = tmp.resolve("fp8");
        assertThat(run("make-model", "--preset", "tiny", "--family", "mixtral", "--seed", "5", "--out", bf16.toString())[0]).isEqualTo("0");
        String[] make = run("make-model", "--preset", "tiny", "--family", "mixtral", "--seed", "5", "--dtype", "fp8",
                "--fp8-block", "16,24", "--out", fp8.toString());
        assertThat(make[0]).as(make[2]).isEqualTo("0");

        JsonNode config = new ObjectMapper().readTree(Files.readString(fp8.resolve("config.json")));
        assertThat(config.get("quantization_config").toString())
                .isEqualTo("{\"activation_scheme\":\"dynamic\",\"fmt\":\"e4m3\",\"quant_method\":\"fp8\",\"weight_block_size\":[16,24]}");
        Fp8Quantization q = ConfigParser.read(fp8.resolve("config.json")).fp8();
        int quantized = 0;
        try (WeightStore a = WeightStore.open(bf16); WeightStore b = WeightStore.open(fp8)) {
            for (String name : a.names()) {
                TensorInfo info = b.info(name);
                boolean keepsBf16 = info.shape().length == 1 || name.contains("embed_tokens") || name.equals("lm_head.weight")
                        || name.endsWith(".gate.weight");
                assertThat(info.dtype()).as(name).isEqualTo(keepsBf16 ? DType.BF16 : DType.F8_E4M3);
                assertThat(b.contains(name + "_scale_inv")).as(name + "_scale_inv").isEqualTo(!keepsBf16);
                if (!keepsBf16) {
                    checkQuantized(a, b, name, q);
                    quantized++;
                }
            }
            assertThat(b.names()).hasSize(a.names().size() + quantized);
        }
        assertThat(quantized).isGreaterThan(10);

        String[] gen = run("generate", "--model", fp8.toString(), "--prompt", "hello", "--max-tokens", "4", "--json");
        assertThat(gen[0]).as(gen[2]).isEqualTo("0");
        // both models in one run: a row each, then the fp8 model's ratios to the bf16 one
        String[] bench = run("bench", "--model", bf16.toString(), "--model", fp8.toString(), "--prompt-tokens", "4",
                "--decode-tokens", "2", "--batches", "1,2", "--bandwidth-mb", "16");
        assertThat(bench[0]).as(bench[2]).isEqualTo("0");
        assertThat(bench[1]).contains("model bf16 (").contains("model fp8 (").contains("fp8 blocks 16x24")
                .contains("fp8 relative to bf16: batch  prefill  decode");
        assertThat(bench[1].lines().filter(l -> l.matches("\\s+[12]\\s+[0-9.]+x\\s+[0-9.]+x"))).hasSize(2);
    }

    private static void checkQuantized(WeightStore a, WeightStore b, String name, Fp8Quantization q) {
        TensorInfo info = a.info(name);
        int rows = (int) info.shape()[0];
        int cols = (int) info.shape()[1];
        assertThat(b.info(name + "_scale_inv").dtype()).isEqualTo(DType.F32);
        assertThat(b.info(name + "_scale_inv").shape())
                .containsExactly((rows + q.blockRows() - 1) / q.blockRows(), (cols + q.blockCols() - 1) / q.blockCols());
        WeightTensor w = a.matrix(name, rows, cols);
        Fp8BlockTensor f = (Fp8BlockTensor) b.matrix(name, rows, cols, q);
        float[] blockMax = new float[f.scales().length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float code = Float8E4m3.toFloat(f.segment().get(ValueLayout.JAVA_BYTE, (long) r * cols + c));
                int block = (r / q.blockRows()) * f.scaleCols() + c / q.blockCols();
                blockMax[block] = Math.max(blockMax[block], Math.abs(code));
                // e4m3 keeps 3 mantissa bits (half an ulp: 2^-4 relative) down to 2^-6, then steps of 2^-9;
                // the bf16 model rounded the same value to 8 bits
                double bound = 0x1p-4 * Math.abs(w.get(r, c)) * (1 + 0x1p-8) + 0x1p-10 * f.scale(r, c);
                assertThat((double) Math.abs(f.get(r, c) - w.get(r, c))).as("%s[%d][%d]", name, r, c).isLessThanOrEqualTo(bound);
            }
        }
        for (float m : blockMax) {
            assertThat(m).as("%s: a block's largest weight is on code 448", name).isEqualTo(Float8E4m3.MAX);
        }
    }

    @Test
    void badDtypeIsAClearError(@TempDir Path tmp) {
        String[] bad = run("make-model", "--preset", "tiny", "--dtype", "int4", "--out", tmp.resolve("x").toString());
        assertThat(bad[0]).isEqualTo("1");
        assertThat(bad[2]).contains("--dtype").contains("int4");
        String[] block = run("make-model", "--preset", "tiny", "--dtype", "fp8", "--fp8-block", "0,128", "--out", tmp.resolve("y").toString());
        assertThat(block[0]).isEqualTo("1");
        assertThat(block[2]).contains("--fp8-block");
    }
}
