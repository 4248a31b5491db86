package dev.janus.model.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.brics.automaton.Automaton;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema → language step alone: what it accepts, what it refuses, and the errors it names. */
class JsonSchemaLanguageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String PERSON = """
            {"type":"object","properties":{
              "name":{"type":"string","minLength":1,"maxLength":8},
              "age":{"type":"integer","minimum":0,"maximum":130},
              "role":{"enum":["admin","user",null]},
              "tags":{"type":"array","items":{"type":"string","maxLength":4},"minItems":1,"maxItems":3},
              "score":{"type":"number"},
              "address":{"$ref":"#/$defs/address"}},
             "required":["name","age","role"],"additionalProperties":false,
             "$defs":{"address":{"type":"object","properties":{"city":{"type":"string","maxLength":5},
                                                             "zip":{"type":["integer","null"]}},
                                 "required":["city"]}}}""";

    private static Automaton language(String schema) throws Exception {
        return JsonSchemaLanguage.of(JSON.readTree(schema));
    }

    private static boolean accepts(Automaton a, String json) {
        return a.run(JsonPieces.bytes(json));
    }

    @Test
    void acceptsExactlyTheCompactInstancesOfTheSchema() throws Exception {
        Automaton a = language(PERSON);
        List<String> valid = List.of(
                "{\"name\":\"Ana\",\"age\":30,\"role\":\"admin\"}",
                "{\"name\":\"Zoë\",\"age\":0,\"role\":null,\"tags\":[\"a\",\"bcd\"]}",
                "{\"name\":\"x\\\"y\\u00e9\",\"age\":130,\"role\":\"user\",\"score\":-1.5e3,\"address\":{\"city\":\"Oslo\"}}",
                "{\"name\":\"x\",\"age\":7,\"role\":\"user\",\"address\":{\"city\":\"\",\"zip\":null}}");
        for (String v : valid) {
            assertThat(accepts(a, v)).as(v).isTrue();
            assertThat(SchemaValidator.errors(PERSON, v)).as(v).isEmpty();
        }
        List<String> invalid = List.of(
                "{\"age\":30,\"name\":\"Ana\",\"role\":\"admin\"}",          // not the schema's order
                "{\"name\":\"\",\"age\":30,\"role\":\"admin\"}",             // minLength
                "{\"name\":\"123456789\",\"age\":30,\"role\":\"admin\"}",    // maxLength
                "{\"name\":\"Ana\",\"age\":131,\"role\":\"admin\"}",         // maximum
                "{\"name\":\"Ana\",\"age\":-1,\"role\":\"admin\"}",          // minimum
                "{\"name\":\"Ana\",\"age\":030,\"role\":\"admin\"}",         // leading zero
                "{\"name\":\"Ana\",\"age\":30,\"role\":\"root\"}",           // enum
                "{\"name\":\"Ana\",\"age\":30}",                              // required
                "{\"name\":\"Ana\",\"age\":30,\"role\":null,\"tags\":[]}",    // minItems
                "{\"name\":\"Ana\",\"age\":30,\"role\":null,\"x\":1}",        // additionalProperties
                "{\"name\":\"Ana\", \"age\":30,\"role\":null}",               // whitespace is not produced
                "{\"name\":\"a\u0001\",\"age\":30,\"role\":null}");           // control character
        for (String v : invalid) {
            assertThat(accepts(a, v)).as(v).isFalse();
        }
    }

    @Test
    void integerBoundsFollowTheKeywords() throws Exception {
        Automaton a = language("{\"type\":\"integer\",\"exclusiveMinimum\":-3,\"maximum\":12.5}");
        for (int i = -20; i <= 20; i++) {
            assertThat(accepts(a, Integer.toString(i))).as("%d", i).isEqualTo(i > -3 && i <= 12);
        }
        assertThat(accepts(a, "-0")).isFalse(); // bounded integers have one spelling each
        assertThat(accepts(a, "007")).isFalse();
    }

    @Test
    void unsupportedKeywordsAreNamedWithTheirPlace() {
        assertThatThrownBy(() -> language("""
                {"type":"object","properties":{"d":{"type":"string","format":"date"},
                 "n":{"type":"number","minimum":1},"p":{"type":"string","pattern":"a+"}},"minProperties":1}"""))
                .isInstanceOf(JsonSchemaException.class)
                .hasMessageContaining("format (at #/properties/d)")
                .hasMessageContaining("minimum (at #/properties/n)")
                .hasMessageContaining("pattern (at #/properties/p)")
                .hasMessageContaining("minProperties (at #)");
        assertThatThrownBy(() -> language("{\"oneOf\":[{\"type\":\"string\"}]}")).hasMessageContaining("oneOf");
        assertThatThrownBy(() -> language("{\"type\":\"array\",\"uniqueItems\":true}")).hasMessageContaining("uniqueItems");
        assertThatThrownBy(() -> language("{\"$ref\":\"http://example.com/s.json\"}")).hasMessageContaining("$ref");
    }

    @Test
    void unsatisfiableSchemasAreRefused() {
        assertThatThrownBy(() -> language("{\"type\":\"integer\",\"minimum\":5,\"maximum\":4}"))
                .isInstanceOf(JsonSchemaException.class);
        assertThatThrownBy(() -> language("{\"type\":\"object\",\"properties\":{},\"required\":[\"a\"],"
                + "\"additionalProperties\":false}")).isInstanceOf(JsonSchemaException.class);
        // a node that must always contain another node: no finite instance
        assertThatThrownBy(() -> language("{\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/n\"}},"
                + "\"required\":[\"next\"]}},\"$ref\":\"#/$defs/n\"}")).hasMessageContaining("recursion");
    }

    @Test
    void recursiveDefinitionsUnrollAFewLevels() throws Exception {
        String tree = "{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"},"
                + "\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}}},\"required\":[\"v\"]}},"
                + "\"$ref\":\"#/$defs/node\"}";
        Automaton a = language(tree);
        assertThat(accepts(a, "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[{\"v\":3}]},{\"v\":4}]}")).isTrue();
        assertThat(accepts(a, "{\"v\":1,\"kids\":[{\"v\":2,\"kids\":[{\"v\":3,\"kids\":[{\"v\":4}]}]}]}")).isFalse();
    }

    @Test
    void jsonObjectModeAcceptsNestedObjectsOnly() {
        Automaton a = JsonSchemaLanguage.anyObject();
        assertThat(accepts(a, "{\"a\":[1,{\"b\":null}],\"c\":\"\\n\"}")).isTrue();
        assertThat(accepts(a, "{}")).isTrue();
        assertThat(accepts(a, "[1]")).isFalse();
        assertThat(accepts(a, "\"x\"")).isFalse();
    }
}
