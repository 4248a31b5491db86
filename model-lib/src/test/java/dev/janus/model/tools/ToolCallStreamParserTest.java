package dev.janus.model.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each family's tool-call syntax read back into content + calls, whole and streamed one
 * character at a time (which must give the same calls), with the arguments as written.
 */
class ToolCallStreamParserTest {

    /** Content and calls gathered from events: what a non-streamed response shows. */
    record Parsed(String content, List<String> names, List<String> arguments) {
        static Parsed of(List<ToolCallEvent> events) {
            StringBuilder content = new StringBuilder();
            List<String> names = new ArrayList<>();
            List<StringBuilder> args = new ArrayList<>();
            for (ToolCallEvent e : events) {
                switch (e) {
                    case ToolCallEvent.Content c -> content.append(c.text());
                    case ToolCallEvent.CallStarted s -> {
                        assertThat(s.index()).isEqualTo(names.size());
                        names.add(s.name());
                        args.add(new StringBuilder());
                    }
                    case ToolCallEvent.Arguments a -> args.get(a.index()).append(a.text());
                }
            }
            return new Parsed(content.toString(), names, args.stream().map(StringBuilder::toString).toList());
        }
    }

    private static Parsed whole(ToolCallSyntax syntax, String text) {
        return Parsed.of(ToolCallStreamParser.parse(syntax, text));
    }

    /** Fed one character at a time; checks that the arguments really arrive in several pieces. */
    private static Parsed streamed(ToolCallSyntax syntax, String text) {
        ToolCallStreamParser p = new ToolCallStreamParser(syntax);
        List<ToolCallEvent> events = new ArrayList<>();
        text.codePoints().forEach(cp -> events.addAll(p.feed(Character.toString(cp))));
        events.addAll(p.finish());
        return Parsed.of(events);
    }

    @ParameterizedTest
    @EnumSource(ToolCallSyntax.class)
    void canonicalCallsOfEverySyntaxParseWholeAndStreamed(ToolCallSyntax syntax) {
        String text = "Let me check." + syntax.start() + syntax.call("get_weather", "{\"city\":\"Paris\",\"days\":[1,2]}")
                + syntax.between() + syntax.call("get_time", "{\"tz\":\"CET \\\"}\\\" \"}") + syntax.end();
        Parsed expected = new Parsed("Let me check.", List.of("get_weather", "get_time"),
                List.of("{\"city\":\"Paris\",\"days\":[1,2]}", "{\"tz\":\"CET \\\"}\\\" \"}"));
        assertThat(whole(syntax, text)).isEqualTo(expected);
        assertThat(streamed(syntax, text)).isEqualTo(expected);
    }

    @Test
    void argumentsStreamInPiecesAfterTheName() {
        ToolCallStreamParser p = new ToolCallStreamParser(ToolCallSyntax.HERMES);
        assertThat(p.feed("Hi <tool")).containsExactly(new ToolCallEvent.Content("Hi "));
        assertThat(p.feed("_call>\n{\"name\": \"f\", \"arguments\": {\"a\":")).containsExactly(
                new ToolCallEvent.CallStarted(0, "f"), new ToolCallEvent.Arguments(0, "{\"a\":"));
        assertThat(p.feed("1}}\n</tool_call>")).containsExactly(new ToolCallEvent.Arguments(0, "1}"));
        assertThat(p.finish()).isEmpty();
    }

    @Test
    void hermesReadsLooseWhitespaceAndArgumentsBeforeName() {
        Parsed p = whole(ToolCallSyntax.HERMES, "<tool_call>{ \"arguments\" : {\"x\": 1} , \"name\":\"f\" }</tool_call>\n"
                + "<tool_call>\n{\"name\": \"g\"}\n</tool_call>");
        assertThat(p).isEqualTo(new Parsed("", List.of("f", "g"), List.of("{\"x\": 1}", "{}")));
    }

    @Test
    void textThatOnlyLooksLikeAMarkerStaysContent() {
        assertThat(whole(ToolCallSyntax.HERMES, "a <tool_ b")).isEqualTo(new Parsed("a <tool_ b", List.of(), List.of()));
        assertThat(whole(ToolCallSyntax.HERMES, "x <tool_call> not json")).isEqualTo(
                new Parsed("x <tool_call> not json", List.of(), List.of()));
        assertThat(streamed(ToolCallSyntax.MISTRAL, "[TOOL_CALLS] oops")).isEqualTo(
                new Parsed("[TOOL_CALLS] oops", List.of(), List.of()));
        assertThat(whole(ToolCallSyntax.MISTRAL, "plain [TOOL")).isEqualTo(new Parsed("plain [TOOL", List.of(), List.of()));
    }

    @Test
    void anUnfinishedCallKeepsWhatItStreamed() {
        assertThat(whole(ToolCallSyntax.MISTRAL, "[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {\"a\": [1, 2"))
                .isEqualTo(new Parsed("", List.of("f"), List.of("{\"a\": [1, 2")));
    }

    @Test
    void textAfterTheCallsIsContentUnlessBlank() {
        assertThat(whole(ToolCallSyntax.DEEPSEEK, ToolCallSyntax.DEEPSEEK.start() + ToolCallSyntax.DEEPSEEK.call("f", "{}")
                + ToolCallSyntax.DEEPSEEK.end() + "\n  ")).isEqualTo(new Parsed("", List.of("f"), List.of("{}")));
        assertThat(whole(ToolCallSyntax.MISTRAL, "[TOOL_CALLS][{\"name\": \"f\", \"arguments\": {}}] done"))
                .isEqualTo(new Parsed(" done", List.of("f"), List.of("{}")));
    }

    @Test
    void syntaxComesFromTheTemplateThenTheFamily() {
        assertThat(ToolCallSyntax.of(dev.janus.model.config.ModelFamily.MIXTRAL, "{{ '<tool_call>' }}"))
                .isEqualTo(ToolCallSyntax.HERMES);
        assertThat(ToolCallSyntax.of(dev.janus.model.config.ModelFamily.QWEN3_MOE, "[TOOL_CALLS]"))
                .isEqualTo(ToolCallSyntax.MISTRAL);
        assertThat(ToolCallSyntax.of(dev.janus.model.config.ModelFamily.MIXTRAL, "")).isEqualTo(ToolCallSyntax.MISTRAL);
        assertThat(ToolCallSyntax.of(dev.janus.model.config.ModelFamily.DEEPSEEK_V2, "")).isEqualTo(ToolCallSyntax.DEEPSEEK);
        assertThat(ToolCallSyntax.of(dev.janus.model.config.ModelFamily.OLMOE, "")).isEqualTo(ToolCallSyntax.HERMES);
    }
}
