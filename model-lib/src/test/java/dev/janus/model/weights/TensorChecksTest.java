package dev.janus.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
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
    @ValueSource(strings = {"tiny-mixtral", "tiny-olmoe", "tiny-qwen3moe", "tiny-deepseek-v2"})
    void everyTensorMatchesItsChecks(String fixture) {
        JsonNode checks = Fixtures.golden(fixture).get("tensor_checks");
        List<String> expectedNames = new ArrayList<>();
        checks.fieldNames().forEachRemaining(expectedNames::add);
        try (WeightStore store = WeightStore.open(Fixtures.dir(fixture))) {
            assertThat(store.names()).containsExactlyInAnyOrderElementsOf(expectedNames);
            assertThat(store.files()).containsExactly(Fixtures.dir(fixture).resolve("model.safetensors"));
            for (Map.Entry<String, JsonNode> e : checks.properties()) {
                check(store, e.getKey(), e.getValue());
            }
        }
    }

    private static void check(WeightStore store, String name, JsonNode expected) {
        TensorInfo info = store.info(name);
        assertThat(info.dtype()).as(name).isEqualTo(DType.BF16);
        long[] shape = new long[expected.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = expected.get("shape").get(i).longValue();
        }
        assertThat(info.shape()).as("%s shape", name).containsExactly(shape);

        float[] values = switch (shape.length) {
            case 1 -> store.vector(name, (int) shape[0]);
            case 2 -> flatten(store.matrix(name, (int) shape[0], (int) shape[1]));
            default -> throw new AssertionError(name + ": unexpected rank " + shape.length);
        };
        assertThat(values).hasSize((int) info.elementCount());
        for (int i = 0; i < 4; i++) {
            // bf16 widened to float is exact: the first values must match to the last bit
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
