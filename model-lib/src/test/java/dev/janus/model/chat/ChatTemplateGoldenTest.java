package dev.janus.model.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.tokenizer.Fixtures;
import dev.janus.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden.json {@code tokenizer.chat_cases} entry: rendered string, then its ids. */
class ChatTemplateGoldenTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> chatCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String model : Fixtures.MODELS) {
            ChatTemplate template = ChatTemplate.load(Fixtures.dir(model));
            Tokenizer tokenizer = Tokenizer.load(Fixtures.dir(model));
            int n = 0;
            for (JsonNode c : Fixtures.tokenizerGolden(model).get("chat_cases")) {
                tests.add(DynamicTest.dynamicTest(model + " chat case " + n++, () -> {
                    List<Map<String, Object>> messages = MAPPER.convertValue(c.get("messages"), new TypeReference<>() { });
                    Map<String, Object> kwargs = c.has("chat_template_kwargs")
                            ? MAPPER.convertValue(c.get("chat_template_kwargs"), new TypeReference<>() { }) : Map.of();
                    String rendered = template.render(messages, c.get("add_generation_prompt").asBoolean(), kwargs);
                    assertThat(rendered).isEqualTo(c.get("rendered").asText());
                    assertThat(tokenizer.encode(rendered, false)).containsExactly(Fixtures.ints(c.get("ids")));
                }));
            }
        }
        return tests.stream();
    }
}
