package dev.janus.model.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.engine.EngineOptions;
import dev.janus.model.engine.InferenceEngine;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.tokenizer.Tokenizer;
import dev.janus.model.tools.FunctionTool;
import dev.janus.model.tools.ToolCallEvent;
import dev.janus.model.tools.ToolCallStreamParser;
import dev.janus.model.tools.ToolCallSyntax;
import dk.brics.automaton.Automaton;
import dk.brics.automaton.RunAutomaton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * tool_choice required / named: every fixture model, random weights and all, writes calls in
 * its family's syntax that the family's parser reads back, naming a declared function, with
 * arguments that networknt's validator accepts against that function's parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolCallLanguageTest {

    static final String WEATHER = """
            {"type":"object","properties":{"city":{"type":"string","minLength":1,"maxLength":8},
             "unit":{"enum":["celsius","fahrenheit"]},"days":{"type":"integer","minimum":1,"maximum":7}},
             "required":["city","unit"]}""";
    static final String TIME = """
            {"type":"object","properties":{"tz":{"type":"string","maxLength":6}},"required":["tz"]}""";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough for {@link ToolCallLanguage#MAX_PARALLEL_CALLS} calls of byte-sized tokens. */
    private static final int MAX_TOKENS = 1500;
    private ComputePool pool;

    @BeforeAll
    void startPool() {
        pool = new ComputePool(2, "tools");
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    private static List<FunctionTool> tools() throws Exception {
        return List.of(new FunctionTool("get_weather", JSON.readTree(WEATHER)), new FunctionTool("get_time", JSON.readTree(TIME)));
    }

    private static String schemaOf(String name) {
        return name.equals("get_weather") ? WEATHER : TIME;
    }

    @Test
    void theLanguageIsTheCanonicalCallText() throws Exception {
        for (ToolCallSyntax syntax : ToolCallSyntax.values()) {
            RunAutomaton one = new RunAutomaton(ToolCallLanguage.of(syntax, tools(), false));
            String call = syntax.call("get_time", "{\"tz\":\"CET\"}");
            assertThat(one.run(JsonPieces.bytes(syntax.start() + call + syntax.end()))).as(syntax.name()).isTrue();
            assertThat(one.run(JsonPieces.bytes(syntax.start() + syntax.call("get_time", "{}") + syntax.end()))).isFalse();
            assertThat(one.run(JsonPieces.bytes(syntax.start() + syntax.call("nope", "{\"tz\":\"CET\"}") + syntax.end())))
                    .isFalse();
            assertThat(one.run(JsonPieces.bytes(syntax.start() + call + syntax.between() + call + syntax.end()))).isFalse();
            Automaton parallel = ToolCallLanguage.of(syntax, tools(), true);
            assertThat(new RunAutomaton(parallel).run(JsonPieces.bytes(syntax.start() + call + syntax.between() + call
                    + syntax.end()))).isTrue();
        }
    }

    @Test
    void unsupportedParametersNameTheFunction() {
        assertThatThrownBy(() -> ToolCallLanguage.of(ToolCallSyntax.HERMES, List.of(new FunctionTool("f",
                JSON.readTree("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"pattern\":\"x\"}}}"))), false))
                .isInstanceOf(JsonSchemaException.class).hasMessageContaining("function 'f'").hasMessageContaining("pattern");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mixtral", "tiny-qwen3moe", "tiny-olmoe", "tiny-deepseek-v2"})
    void everyFixtureWritesParsableValidCalls(String fixture) throws Exception {
        try (Model model = Model.load(Fixtures.dir(fixture))) {
            Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(fixture));
            ToolCallSyntax syntax = ToolCallSyntax.of(model.config().family(),
                    ChatTemplate.load(Fixtures.dir(fixture)).source());
            StructuredOutputs outputs = new StructuredOutputs(tokenizer, model.config().vocabSize(), tokenizer.eosTokenIds(), 8);
            InferenceEngine engine = new InferenceEngine(model, new ScalarMatmulKernel(), pool, EngineOptions.forTokens(2048));
            int[] prompt = tokenizer.encode("What is the weather in Paris?", true);
            for (boolean parallel : new boolean[] {false, true}) {
                TokenGrammar grammar = outputs.toolCalls(syntax, tools(), parallel);
                for (long seed = 1; seed <= 3; seed++) {
                    SamplingParams params = new SamplingParams(1.0f, 1f, -1, seed, false, 0);
                    String text = ConstrainedGenerationTest.generate(engine, tokenizer, prompt, params,
                            StructuredOutputs.constraint(grammar, tokenizer.eosTokenIds()), MAX_TOKENS);
                    List<String[]> calls = calls(syntax, text);
                    assertThat(calls).as("%s %s: %s", fixture, syntax, text).isNotEmpty();
                    if (!parallel) {
                        assertThat(calls).as(text).hasSize(1);
                    }
                    for (String[] call : calls) {
                        assertThat(call[0]).isIn("get_weather", "get_time");
                        assertThat(SchemaValidator.errors(schemaOf(call[0]), call[1])).as(text).isEmpty();
                    }
                }
            }
            TokenGrammar named = outputs.toolCalls(syntax, tools().subList(1, 2), false);
            String text = ConstrainedGenerationTest.generate(engine, tokenizer, prompt,
                    new SamplingParams(0f, 1f, -1, null, false, 0), StructuredOutputs.constraint(named, tokenizer.eosTokenIds()));
            assertThat(calls(syntax, text)).singleElement().satisfies(c -> assertThat(c[0]).isEqualTo("get_time"));
        }
    }

    /** (name, arguments) of every call; fails on content next to the calls. */
    private static List<String[]> calls(ToolCallSyntax syntax, String text) {
        List<String[]> out = new ArrayList<>();
        for (ToolCallEvent e : ToolCallStreamParser.parse(syntax, text)) {
            switch (e) {
                case ToolCallEvent.Content c -> throw new AssertionError("content '" + c.text() + "' in " + text);
                case ToolCallEvent.CallStarted s -> out.add(new String[] {s.name(), ""});
                case ToolCallEvent.Arguments a -> out.get(a.index())[1] += a.text();
            }
        }
        return out;
    }

    @Test
    void qwenTemplateRendersToolsToolCallsAndToolResults() throws Exception {
        ChatTemplate template = ChatTemplate.load(Fixtures.dir("tiny-qwen3moe"));
        Map<?, ?> tool = JSON.readValue("{\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"parameters\":"
                + TIME + "}}", Map.class);
        var messages = List.of(
                Map.of("role", "user", "content", "Time?"),
                Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("id", "call_1", "type", "function",
                        "function", Map.of("name", "get_time", "arguments", Map.of("tz", "CET"))))),
                Map.of("role", "tool", "tool_call_id", "call_1", "content", "12:00"));
        String text = template.render(messages, true, Map.of("tools", List.of(tool)));
        assertThat(text).contains("<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_time\"")
                .contains("<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"tz\": \"CET\"}}\n</tool_call>")
                .contains("<|im_start|>user\n<tool_response>\n12:00\n</tool_response><|im_end|>")
                .endsWith("<|im_start|>assistant\n");
    }
}
