package dev.janus.model.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonJsonTest {

    @Test
    void reproducesEveryFixtureConfigByteForByte() throws IOException, URISyntaxException {
        ObjectMapper json = new ObjectMapper();
        for (String model : List.of("tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2")) {
            for (String file : List.of("config.json", "generation_config.json")) {
                Path p = Path.of(getClass().getResource("/fixtures/" + model + "/" + file).toURI());
                String text = Files.readString(p);
                Object parsed = json.readValue(text, Object.class);
                assertThat(PythonJson.dumps(parsed, 2, true, true) + "\n").as(model + "/" + file).isEqualTo(text);
            }
        }
    }

    @Test
    void floatsLookLikePythonRepr() {
        assertThat(PythonJson.floatRepr(1e-5)).isEqualTo("1e-05");
        assertThat(PythonJson.floatRepr(1e-6)).isEqualTo("1e-06");
        assertThat(PythonJson.floatRepr(1.5e-7)).isEqualTo("1.5e-07");
        assertThat(PythonJson.floatRepr(0.0001)).isEqualTo("0.0001");
        assertThat(PythonJson.floatRepr(0.02)).isEqualTo("0.02");
        assertThat(PythonJson.floatRepr(1000000.0)).isEqualTo("1000000.0");
        assertThat(PythonJson.floatRepr(1e16)).isEqualTo("1e+16");
        assertThat(PythonJson.floatRepr(1234567890123456.0)).isEqualTo("1234567890123456.0");
        assertThat(PythonJson.floatRepr(-2.5)).isEqualTo("-2.5");
        assertThat(PythonJson.floatRepr(0.0)).isEqualTo("0.0");
        assertThat(PythonJson.floatRepr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void escapesLikeEnsureAscii() {
        assertThat(PythonJson.dumps(Map.of("k", "é\"\n\u0001"), 2, true, true)).isEqualTo("{\n  \"k\": \"\\u00e9\\\"\\n\\u0001\"\n}");
        assertThat(PythonJson.dumps(Map.of("e", List.of(), "m", Map.of()), 2, true, true)).isEqualTo("{\n  \"e\": [],\n  \"m\": {}\n}");
    }

    @Test
    void floatReprMatchesPythonIncludingSpecialValues() {
        // expected strings: print(json.dumps([...])) under CPython 3
        List<Object> values = List.of(1e-05, 1000000.0, 0.1, 1e16, 2.5, -0.0, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1, 1.0, 1e22,
                123456789012345678.0, 2e-323, 1.5e-323, 9999999999999998.0, 123456789.123, 100L);
        assertThat(PythonJson.dumps(values, null, false, true)).isEqualTo(
                "[1e-05, 1000000.0, 0.1, 1e+16, 2.5, -0.0, NaN, Infinity, -Infinity, 5e-324, 1, 1.0, 1e+22, "
                        + "1.2345678901234568e+17, 2e-323, 1.5e-323, 9999999999999998.0, 123456789.123, 100]");
    }

    @Test
    void floatsAreWidenedNotPrintedAsFloat32() {
        assertThat(PythonJson.dumps(List.of(0.5f, 0.1f), null, false, true)).isEqualTo("[0.5, 0.10000000149011612]");
    }

    @Test
    void escapesNonAsciiOnlyWithEnsureAsciiAndNonBmpAsSurrogatePair() {
        String s = "a\u007f\u00e9\uD83D\uDE00\u001f\u2028\"\\\b\f\r\t";
        // json.dumps(s) and json.dumps(s, ensure_ascii=False)
        assertThat(PythonJson.dumps(s, null, false, true))
                .isEqualTo("\"a\\u007f\\u00e9\\ud83d\\ude00\\u001f\\u2028\\\"\\\\\\b\\f\\r\\t\"");
        assertThat(PythonJson.dumps(s, null, false, false))
                .isEqualTo("\"a\u007f\u00e9\uD83D\uDE00\\u001f\u2028\\\"\\\\\\b\\f\\r\\t\"");
        StringBuilder sb = new StringBuilder("x");
        PythonJson.appendString(sb, "\uD83D\uDE00\n", true);
        assertThat(sb).hasToString("x\"\\ud83d\\ude00\\n\"");
    }

    @Test
    void nestedIndentWithSortedKeys() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("y", List.of());
        inner.put("x", 1);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("b", List.of(1, Map.of()));
        outer.put("a", inner);
        assertThat(PythonJson.dumps(outer, 2, true, true))
                .isEqualTo("{\n  \"a\": {\n    \"x\": 1,\n    \"y\": []\n  },\n  \"b\": [\n    1,\n    {}\n  ]\n}");
        assertThat(PythonJson.dumps(List.of(List.of()), 0, false, true)).isEqualTo("[\n[]\n]");
    }

    @Test
    void keepsInsertionOrderUnlessSortKeysAndSortsByCodePoint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", Arrays.asList(1.5, null));
        m.put("a", "x");
        assertThat(PythonJson.dumps(m, null, false, true)).isEqualTo("{\"b\": [1.5, null], \"a\": \"x\"}");
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("\uE000", 1);
        keys.put("\uD83D\uDE00", 2);
        keys.put("Z", 3);
        keys.put("a", 4);
        assertThat(PythonJson.dumps(keys, null, true, true))
                .isEqualTo("{\"Z\": 3, \"a\": 4, \"\\ue000\": 1, \"\\ud83d\\ude00\": 2}");
    }

    @Test
    void nonStringKeysAreCoercedAsPythonDoes() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(1, 2);
        m.put(null, 4);
        m.put(1.5, 5);
        m.put(false, 6);
        assertThat(PythonJson.dumps(m, null, false, true)).isEqualTo("{\"1\": 2, \"null\": 4, \"1.5\": 5, \"false\": 6}");
    }

    @Test
    void arraysAreLists() {
        assertThat(PythonJson.dumps(new int[] {1, 2}, null, false, true)).isEqualTo("[1, 2]");
        assertThat(PythonJson.dumps(new Object[] {"a", 1e-5}, null, false, true)).isEqualTo("[\"a\", 1e-05]");
    }

    @Test
    void otherTypesNeedAFallback() {
        Object odd = new Object() {
            @Override
            public String toString() {
                return "odd";
            }
        };
        assertThatThrownBy(() -> PythonJson.dumps(List.of(odd), null, false, true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PythonJson.dumps(List.of(odd), null, false, true, Object::toString)).isEqualTo("[\"odd\"]");
    }
}
