package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Forced calls through the API on the other families' syntaxes: tiny-qwen3moe, whose chat
 * template lists the tools and writes Hermes {@code <tool_call>} blocks, and tiny-deepseek-v2,
 * whose template knows no tools (DeepSeek's tool-call tokens by family). tiny-mixtral (Mistral)
 * is {@link ToolCallsTest}.
 */
class FamilyToolCallsTest {

    static final String FIXTURES = "../model-lib/src/test/resources/fixtures/";

    /**
     * tool_choice required (with {@code extra} fields): the calls parse into tool_calls with
     * valid arguments. Returns the prompt's size.
     */
    static int assertForcedCallValidates(int port, String model, boolean tools, String extra) {
        RawApi api = new RawApi(port);
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}],"
                + "\"max_tokens\":300,\"temperature\":1.0,\"seed\":3"
                + (tools ? "," + ToolCallsTest.TOOLS + ",\"tool_choice\":\"required\"" : "") + extra + "}";
        RawApi.Reply r = api.post("/v1/chat/completions", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        if (tools) {
            JsonNode choice = r.json().get("choices").get(0);
            assertThat(choice.get("finish_reason").asString()).as(r.body()).isEqualTo("tool_calls");
            for (JsonNode call : choice.get("message").get("tool_calls")) {
                String name = call.get("function").get("name").asString();
                assertThat(name).isIn("get_weather", "get_time");
                assertThat(ToolCallsTest.argumentErrors(name, call.get("function").get("arguments").asString())).isEmpty();
            }
        }
        return r.json().get("usage").get("prompt_tokens").asInt();
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "moe.model.path=" + FIXTURES + "tiny-qwen3moe", "moe.scheduler.compute-threads=2",
            "moe.scheduler.kv-cache-tokens=8192", "moe.internal.token=test"})
    class Qwen {
        @LocalServerPort
        int port;

        @Test
        void toolsReachTheTemplateAndHermesCallsParse() {
            int withTools = assertForcedCallValidates(port, "tiny-qwen3moe", true, "");
            int without = assertForcedCallValidates(port, "tiny-qwen3moe", false, "");
            assertThat(withTools).as("the template lists the tools in the system turn").isGreaterThan(without + 50);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
            "moe.model.path=" + FIXTURES + "tiny-deepseek-v2", "moe.scheduler.compute-threads=2",
            "moe.scheduler.kv-cache-tokens=8192", "moe.internal.token=test"})
    class DeepSeek {
        @LocalServerPort
        int port;

        @Test
        void deepSeekToolCallTokensParse() {
            // one call: the MLA fixture decodes slowest, a parallel answer may run to eight calls
            assertForcedCallValidates(port, "tiny-deepseek-v2", true, ",\"parallel_tool_calls\":false");
        }
    }
}
