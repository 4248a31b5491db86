package dev.janus.model.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.janus.model.tokenizer.TokenStreamDecoder;
import dev.janus.model.tokenizer.Tokenizer;
import dev.janus.model.tokenizer.TokenizerException;
import dev.janus.model.tokenizer.TokenizerGenerator;
import dev.janus.model.tokenizer.TokenizerStyle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {

    private static final List<ChatMessage> HELLO = List.of(ChatMessage.user("Hello"), ChatMessage.assistant("Hi"));

    private static String render(String template, List<? extends Map<String, ?>> messages) {
        return ChatTemplate.of(template, "<s>", "</s>").render(messages, false);
    }

    @Test
    void pythonSlicesAndStringMethods() {
        assertThat(render("{% for m in messages[::-1] %}{{ m.role }},{% endfor %}", HELLO)).isEqualTo("assistant,user,");
        assertThat(render("{{ 'abcdef'[1:5:2] }}|{{ 'abc'[::-1] }}", HELLO)).isEqualTo("bd|cba");
        assertThat(render("{{ 'a</t>'.split('</t>')[-1] }}|{{ 'x.y'.split('.') | length }}", HELLO)).isEqualTo("|2");
        assertThat(render("{{ '\\n\\nx\\n'.strip('\\n') }}|{{ '  y '.lstrip() }}|{{ 'z--'.rstrip('-') }}", HELLO))
                .isEqualTo("x|y |z");
        assertThat(render("{{ 'Hello'.startswith('He') }} {{ 'Hello'.endswith(('x', 'lo')) }}", HELLO)).isEqualTo("true true");
    }

    @Test
    void jinja2PrecedenceOfNotIsAndKeywordArguments() {
        assertThat(render("{% if not foo is defined %}undefined{% endif %}", HELLO)).isEqualTo("undefined");
        assertThat(render("{% set ns = namespace(i=messages|length - 1) %}{{ ns.i }}", HELLO)).isEqualTo("1");
    }

    @Test
    void tojsonIsPythonJsonDumps() {
        Map<String, Object> tool = new java.util.LinkedHashMap<>();
        tool.put("name", "f");
        tool.put("arguments", Map.of("q", List.of(1, "é\n", true)));
        ChatTemplate template = ChatTemplate.of("{{ tool | tojson }}|{{ tool | tojson(indent=2) }}", null, null);
        assertThat(template.render(HELLO, false, Map.of("tool", tool))).isEqualTo(
                "{\"name\": \"f\", \"arguments\": {\"q\": [1, \"é\\n\", true]}}|"
                        + "{\n  \"name\": \"f\",\n  \"arguments\": {\n    \"q\": [\n      1,\n      \"é\\n\",\n      true\n    ]\n  }\n}");
    }

    @Test
    void tojsonWritesFloatsAsPythonRepr() {
        // json.dumps([1e-05, 1000000.0, 0.5, 1e+16, 2], ensure_ascii=False)
        ChatTemplate template = ChatTemplate.of("{{ xs | tojson }}", null, null);
        assertThat(template.render(HELLO, false, Map.of("xs", List.of(1e-5, 1e6, 0.5f, 1e16, 2))))
                .isEqualTo("[1e-05, 1000000.0, 0.5, 1e+16, 2]");
    }

    @Test
    void raiseExceptionAndErrorsBecomeTokenizerExceptions() {
        String mixtral = "{% if messages[0]['role'] != 'user' %}{{ raise_exception('roles must alternate') }}{% endif %}ok";
        assertThatThrownBy(() -> render(mixtral, List.of(ChatMessage.assistant("x"))))
                .isInstanceOf(TokenizerException.class).hasMessageContaining("roles must alternate");
        assertThat(render(mixtral, HELLO)).isEqualTo("ok");
        assertThatThrownBy(() -> render("{% for x in %}", HELLO)).isInstanceOf(TokenizerException.class);
    }

    @Test
    void messageContentIsNeverInterpretedAsTemplate() {
        assertThat(render("{{ messages[0].content }}", List.of(ChatMessage.user("{{ 7 * 6 }}")))).isEqualTo("{{ 7 * 6 }}");
    }

    @Test
    void trailingNewlineOfTheSourceIsDropped() {
        assertThat(render("{{ bos_token }}\n", HELLO)).isEqualTo("<s>");
    }

    @Test
    void generatedTemplatesRenderAndStreamBack(@TempDir Path dir) {
        for (TokenizerStyle style : TokenizerStyle.values()) {
            Path model = dir.resolve(style.name());
            TokenizerGenerator.write(model, style, 3);
            String rendered = ChatTemplate.load(model).render(HELLO, true);
            assertThat(rendered).as(style.name()).contains("Hello").contains("Hi");
            Tokenizer tokenizer = Tokenizer.load(model);
            int[] ids = tokenizer.encode(rendered + " café 🙂 日本", false);
            TokenStreamDecoder stream = tokenizer.streamDecoder(false);
            StringBuilder text = new StringBuilder();
            for (int id : ids) {
                text.append(stream.next(id));
            }
            text.append(stream.finish());
            assertThat(text.toString()).as(style.name()).isEqualTo(tokenizer.decode(ids, false));
        }
        assertThat(ChatTemplate.load(dir.resolve("SENTENCEPIECE")).render(HELLO, false)).isEqualTo("<s>[INST] Hello [/INST]Hi</s>");
    }
}
