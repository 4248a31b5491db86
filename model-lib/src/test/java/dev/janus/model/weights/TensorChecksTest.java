package dev.janus.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.janus.model.config.ConfigParser;
import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.WeightTensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every tensor of every fixture, read through {@link WeightStore}, matches golden.json {@code tensor_checks}. */
class TensorChecksTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-olmoe", "tiny-qwen3moe", "tiny-deepseek-v2", "tiny-qwen3moe-fp8"})
    void everyTensorMatchesItsChecks(String fixture) {
        JsonNode checks = Fixtures.golden(fixture).get("tensor_checks");
        List<String> expectedNames = new ArrayList<>();
        checks.fieldNames().forEachRemaining(expectedNames::add);
        Fp8Quantization fp8 = ConfigParser.read(Fixtures.dir(fixture).resolve("config.json")).fp8();
        try (WeightStore store = WeightStore.open(Fixtures.dir(fixture))) {
            // FP8 weights come with their block scales, which tensor_checks does not list
            assertThat(store.names().stream().filter(n -> !n.endsWith("_scale_inv")).toList())
                    .containsExactlyInAnyOrderElementsOf(expectedNames);
            assertThat(store.files()).containsExactly(Fixtures.dir(fixture).resolve("model.safetensors"));
            for (Map.Entry<String, JsonNode> e : checks.properties()) {
                check(store, fp8, e.getKey(), e.getValue());
            }
        }
    }

    /** FP8 weights are checked dequantized ({@code q * scale_inv} per block), as the fixture's README says. */
    private static void check(WeightStore store, Fp8Quantization fp8, String name, JsonNode expected) {
        TensorInfo info = store.info(name);
        assertThat(info.dtype()).as(name).isIn(DType.BF16, DType.F8_E4M3);
        long[] shape = new long[expected.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = expected.get("shape").get(i).longValue();
        }
        assertThat(info.shape()).as("%s shape", name).containsExactly(shape);

        float[] values = switch (shape.length) {
            case 1 -> store.vector(name, (int) shape[0]);
            case 2 -> flatten(store.matrix(name, (int) shape[0], (int) shape[1], fp8));
            default -> throw new AssertionError(name + ": unexpected rank " + shape.length);
        };
        assertThat(values).hasSize((int) info.elementCount());
        for (int i = 0; i < 4; i++) {
            // bf16 widened and e4m3 * scale are exact in float: the first values must match to the last bit
            assertThat(values[i]).as("%s[%d]", name, i).isEqualTo(expected.get("first4").get(i).floatValue());
        }
        double sum = 0;
        double sumAbs = 0;
        for (float v : values) {
            sum += v;
            sumAbs += Math.abs(v);
        }
        assertThat(sum).as("%s sum", name).isCloseTo(expected.get("sum").doubleValue(), within(relTol(expected.get("sum"))));
        assertThat(sumAbs).as("%s sum_abs", name)
                .isCloseTo(expected.get("sum_abs").doubleValue(), within(relTol(expected.get("sum_abs"))));
    }

    /** 1e-3 relative, with a floor of 1e-3 absolute for sums near zero (golden rounds to 6 decimals). */
    private static double relTol(JsonNode expected) {
        return 1e-3 * Math.max(1.0, Math.abs(expected.doubleValue()));
    }

    private static float[] flatten(WeightTensor t) {
        float[] out = new float[t.rows() * t.cols()];
        for (int r = 0; r < t.rows(); r++) {
            t.copyRow(r, out, r * t.cols());
        }
        return out;
    }
}
