package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * response_format on both endpoints: the tiny model's random weights write JSON that networknt's
 * validator accepts, greedy and sampled, streamed and not, and unconstrained requests in the same
 * batches keep their golden tokens.
 */
@ApiTest
class StructuredOutputTest {

    static final String SCHEMA = """
            {"type":"object","properties":{
              "city":{"type":"string","minLength":2,"maxLength":10},
              "population":{"type":"integer","minimum":0},
              "kind":{"enum":["town","city","village"]},
              "coords":{"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2},
              "mayor":{"$ref":"#/$defs/person"}},
             "required":["city","population","kind","coords"],"additionalProperties":false,
             "$defs":{"person":{"type":"object","properties":{"name":{"type":"string","maxLength":6},
                                                             "age":{"type":["integer","null"]}},"required":["name"]}}}""";
    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";
    private static final String FORMAT = "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"place\","
            + "\"strict\":true,\"schema\":" + SCHEMA + "}}";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    private static List<String> schemaErrors(String json) {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(SCHEMA, InputFormat.JSON)
                    .validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
        } catch (RuntimeException e) {
            return List.of("not JSON: " + e.getMessage());
        }
    }

    /** The JSON chunks of a server-sent event stream, [DONE] left out. */
    static List<JsonNode> events(RawApi.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String e : r.body().split("\n\n")) {
            if (!e.equals("data: [DONE]")) {
                out.add(RawApi.JSON.readTree(e.substring("data: ".length())));
            }
        }
        return out;
    }

    private static String chat(String extra) {
        return "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"Describe a city as JSON.\"}],\"max_tokens\":400,"
                + FORMAT + extra + "}";
    }

    @Test
    void chatOutputsValidateGreedyAndSampled() {
        RawApi.Reply greedy = api.post("/v1/chat/completions", chat(",\"temperature\":0"));
        assertThat(greedy.status()).as(greedy.body()).isEqualTo(200);
        JsonNode choice = greedy.json().get("choices").get(0);
        assertThat(choice.get("finish_reason").asString()).isEqualTo("stop");
        assertThat(schemaErrors(choice.get("message").get("content").asString())).as(greedy.body()).isEmpty();

        RawApi.Reply sampled = api.post("/v1/chat/completions", chat(",\"temperature\":1.0,\"seed\":11,\"n\":4"));
        assertThat(sampled.status()).as(sampled.body()).isEqualTo(200);
        List<String> contents = new ArrayList<>();
        for (JsonNode c : sampled.json().get("choices")) {
            assertThat(c.get("finish_reason").asString()).isEqualTo("stop");
            String content = c.get("message").get("content").asString();
            assertThat(schemaErrors(content)).as(content).isEmpty();
            contents.add(content);
        }
        assertThat(contents).as("sampling still varies inside the schema").doesNotHaveDuplicates();
    }

    @Test
    void streamedCompletionsValidateAndEndWithoutEos() throws Exception {
        // ignore_eos: no EOS can end it, the schema's end does ("stop")
        String body = "{" + M + ",\"prompt\":\"A city:\",\"max_tokens\":400,\"temperature\":0.8,\"seed\":3,"
                + "\"ignore_eos\":true,\"stream\":true," + FORMAT + "}";
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (JsonNode event : events(api.post("/v1/completions", body))) {
            JsonNode c = event.get("choices").get(0);
            text.append(c.get("text").asString());
            if (!c.get("finish_reason").isNull()) {
                finish = c.get("finish_reason").asString();
            }
        }
        assertThat(finish).isEqualTo("stop");
        assertThat(schemaErrors(text.toString())).as(text.toString()).isEmpty();
    }

    @Test
    void jsonObjectModeWritesAnObjectOrAPrefixOfOne() {
        for (int seed = 1; seed <= 3; seed++) {
            RawApi.Reply r = api.post("/v1/chat/completions", "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"JSON\"}],"
                    + "\"max_tokens\":60,\"temperature\":1,\"seed\":" + seed + ",\"response_format\":{\"type\":\"json_object\"}}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode c = r.json().get("choices").get(0);
            String content = c.get("message").get("content").asString();
            assertThat(content).startsWith("{");
            try {
                JsonNode parsed = RawApi.JSON.readTree(content);
                assertThat(parsed.isObject()).isTrue();
                assertThat(c.get("finish_reason").asString()).isEqualTo("stop");
            } catch (JacksonException e) {
                // cut by max_tokens: the text is a prefix of an object, which fails only at its end
                assertThat(c.get("finish_reason").asString()).as(content).isEqualTo("length");
                assertThat(e.getOriginalMessage()).as(content).containsIgnoringCase("end-of-input");
            }
        }
    }

    @Test
    void unconstrainedNeighboursKeepTheirGoldenTokens() throws Exception {
        TinyModel.Golden probe = TinyModel.golden("bos_short_text");
        String plain = "{" + M + ",\"prompt\":" + Arrays.toString(probe.ids()) + ",\"max_tokens\":16,\"temperature\":0}";
        String expected = api.post("/v1/completions", "{" + M + ",\"prompt\":" + Arrays.toString(probe.greedy())
                + ",\"max_tokens\":0,\"echo\":true}").json().get("choices").get(0).get("text").asString();
        double before = registry.get("janus.step.batch.size").summary().max();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<RawApi.Reply>> constrained = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int seed = i;
                constrained.add(pool.submit(() -> api.post("/v1/chat/completions",
                        chat(",\"temperature\":0.9,\"seed\":" + seed))));
            }
            Future<RawApi.Reply> amid = pool.submit(() -> api.post("/v1/completions", plain));
            RawApi.Reply r = amid.get();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("choices").get(0).get("text").asString()).isEqualTo(expected);
            for (Future<RawApi.Reply> f : constrained) {
                RawApi.Reply c = f.get();
                assertThat(c.status()).as(c.body()).isEqualTo(200);
                assertThat(schemaErrors(c.json().get("choices").get(0).get("message").get("content").asString())).isEmpty();
            }
        }
        assertThat(registry.get("janus.step.batch.size").summary().max()).as("sequences per step")
                .isGreaterThanOrEqualTo(Math.max(before, 3));
    }

    @Test
    void unsupportedOrBrokenFormatsAre400NamingTheProblem() {
        RawApi.Reply r = api.post("/v1/completions", "{" + M + ",\"prompt\":\"x\",\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"d\",\"schema\":{\"type\":\"object\",\"properties\":{\"day\":{\"type\":\"string\","
                + "\"format\":\"date\"}},\"patternProperties\":{}}}}}");
        assertThat(r.status()).isEqualTo(400);
        JsonNode error = r.json().get("error");
        assertThat(error.get("message").asString()).contains("format (at #/properties/day)").contains("patternProperties (at #)");
        assertThat(error.get("param").asString()).isEqualTo("response_format.json_schema.schema");
        assertThat(error.get("code").asString()).isEqualTo("invalid_json_schema");

        record Case(String format, String param) {
        }
        for (Case c : List.of(new Case("{\"type\":\"yaml\"}", "response_format.type"),
                new Case("{\"type\":\"json_schema\"}", "response_format.json_schema"),
                new Case("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}", "response_format.json_schema.schema"),
                new Case("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a b\",\"schema\":{}}}",
                        "response_format.json_schema.name"),
                new Case("\"json\"", "response_format"))) {
            RawApi.Reply e = api.post("/v1/chat/completions", "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                    + "\"response_format\":" + c.format() + "}");
            assertThat(e.status()).as(c.format()).isEqualTo(400);
            assertThat(e.json().get("error").get("param").asString()).as(c.format()).isEqualTo(c.param());
        }
        RawApi.Reply text = api.post("/v1/chat/completions", "{" + M + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_tokens\":2,\"response_format\":{\"type\":\"text\"}}");
        assertThat(text.status()).as(text.body()).isEqualTo(200);
    }
}
