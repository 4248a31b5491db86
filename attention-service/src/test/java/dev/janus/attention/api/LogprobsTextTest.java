package dev.janus.attention.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.attention.ApiTest;
import dev.janus.attention.TinyModel;
import dev.janus.attention.model.ServedModel;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.TokenLogprob;
import dev.janus.model.tokenizer.Tokenizer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What logprobs say about each token's text: a token that is a fragment of a UTF-8 character
 * shows as {@code bytes:\xNN} with its real bytes in chat's {@code bytes}, and text_offset
 * points into the returned text, also when the echoed prompt starts with BOS.
 */
@ApiTest
class LogprobsTextTest {

    private static final String M = "\"model\":\"" + TinyModel.ID + "\"";

    @LocalServerPort
    int port;

    @Autowired
    ServedModel model;

    RawApi api;

    @BeforeEach
    void api() {
        api = new RawApi(port);
    }

    /** A token of tiny-mixtral's byte-level vocabulary whose bytes are not UTF-8 alone (e.g. a lone 0xC3). */
    private int fragmentToken() {
        Tokenizer t = model.tokenizer();
        return IntStream.range(0, t.vocabSize()).filter(id -> !t.isSpecial(id) && t.tokenBytes(id).length > 0
                && !utf8(t.tokenBytes(id))).findFirst().orElseThrow();
    }

    private static boolean utf8(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String escaped(byte[] bytes) {
        StringBuilder s = new StringBuilder("bytes:");
        for (byte b : bytes) {
            s.append(String.format("\\x%02x", b & 0xFF));
        }
        return s.toString();
    }

    @Test
    void aUtf8FragmentShowsAsBytesInLegacyTokensAndTopLogprobs() {
        int fragment = fragmentToken();
        String expected = escaped(model.tokenizer().tokenBytes(fragment));
        RawApi.Reply r = api.post("/v1/completions", "{" + M + ",\"prompt\":[" + fragment + "," + fragment + "],"
                + "\"max_tokens\":0,\"echo\":true,\"logprobs\":5}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode lp = r.json().get("choices").get(0).get("logprobs");
        assertThat(lp.get("tokens").get(0).asString()).isEqualTo(expected);
        assertThat(lp.get("tokens").get(1).asString()).isEqualTo(expected);
        assertThat(lp.get("tokens").toString()).doesNotContain("\"\"").doesNotContain("\uFFFD");
    }

    @Test
    void chatLogprobsCarryTheFragmentsRealBytes() {
        int fragment = fragmentToken();
        LogprobsJson json = new LogprobsJson(model.tokenizer());
        int ascii = model.tokenizer().encode("a", false)[0];
        JsonNode content = RawApi.JSON.valueToTree(json.chat(List.of(new Logprobs(new TokenLogprob(fragment, -1f),
                List.of(new TokenLogprob(fragment, -1f), new TokenLogprob(ascii, -2f)))))).get("content").get(0);
        assertThat(content.get("token").asString()).isEqualTo(escaped(model.tokenizer().tokenBytes(fragment)));
        List<Integer> bytes = new ArrayList<>();
        content.get("bytes").forEach(b -> bytes.add(b.asInt()));
        List<Integer> expected = new ArrayList<>();
        for (byte b : model.tokenizer().tokenBytes(fragment)) {
            expected.add(b & 0xFF);
        }
        assertThat(bytes).isEqualTo(expected);
        assertThat(content.get("top_logprobs").get(1).get("token").asString()).isEqualTo("a");
        assertThat(content.get("top_logprobs").get(1).get("bytes").get(0).asInt()).isEqualTo('a');
        assertThat(content.get("top_logprobs").get(1).has("top_logprobs")).as("alternatives have none").isFalse();
    }

    /** Every token that is text in the returned text starts at its text_offset; the generated ones follow the echo. */
    private static void assertOffsetsPointIntoTheText(JsonNode choice, int echoedLength) {
        String text = choice.get("text").asString();
        JsonNode lp = choice.get("logprobs");
        int previous = 0;
        int matched = 0;
        for (int i = 0; i < lp.get("tokens").size(); i++) {
            String token = lp.get("tokens").get(i).asString();
            int offset = lp.get("text_offset").get(i).asInt();
            assertThat(offset).as("offsets never go back: %s", lp).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(text.length());
            previous = offset;
            if (!token.startsWith("bytes:") && !token.startsWith("<|")) {
                assertThat(text.startsWith(token, offset)).as("token %d '%s' at %d in '%s'", i, token, offset, text).isTrue();
                matched++;
            }
        }
        assertThat(matched).isGreaterThan(3);
        assertThat(lp.get("text_offset").get(lp.get("tokens").size() - 3).asInt()).as("first generated token")
                .isEqualTo(echoedLength);
    }

    @Test
    void echoWithBosGivesOffsetsIntoTheReturnedText() {
        String prompt = "Hello world, how are you?";
        int[] ids = model.tokenizer().encode(prompt, true);
        assertThat(model.tokenizer().isSpecial(ids[0])).as("the fixture adds BOS").isTrue();
        JsonNode text = api.post("/v1/completions", "{" + M + ",\"prompt\":\"" + prompt + "\",\"max_tokens\":3,"
                + "\"temperature\":0,\"echo\":true,\"logprobs\":1,\"ignore_eos\":true}").json().get("choices").get(0);
        assertThat(text.get("text").asString()).startsWith(prompt);
        assertThat(text.get("logprobs").get("text_offset").get(1).asInt()).as("BOS takes no room").isZero();
        assertOffsetsPointIntoTheText(text, prompt.length());

        StringBuilder idList = new StringBuilder();
        for (int id : ids) {
            idList.append(idList.isEmpty() ? "" : ",").append(id);
        }
        JsonNode fromIds = api.post("/v1/completions", "{" + M + ",\"prompt\":[" + idList + "],\"max_tokens\":3,"
                + "\"temperature\":0,\"echo\":true,\"logprobs\":1,\"ignore_eos\":true}").json().get("choices").get(0);
        String echoed = model.tokenizer().decode(ids, false);
        assertThat(fromIds.get("text").asString()).startsWith(echoed); // token ids echo as they decode, BOS shown
        assertThat(fromIds.get("logprobs").get("text_offset").get(1).asInt()).isEqualTo(
                model.tokenizer().decode(new int[] {ids[0]}, false).length());
        assertOffsetsPointIntoTheText(fromIds, echoed.length());
    }

    @Test
    void tokenizeTakesChatMessagesAsChatCompletionsRenderThem() {
        String messages = "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]";
        RawApi.Reply t = api.post("/tokenize", "{" + M + "," + messages + "}");
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        RawApi.Reply chat = api.post("/v1/chat/completions", "{" + M + "," + messages + ",\"max_tokens\":1}");
        assertThat(t.json().get("count").asInt()).isEqualTo(chat.json().get("usage").get("prompt_tokens").asInt());
        RawApi.Reply noPrompt = api.post("/tokenize", "{" + M + "," + messages + ",\"add_generation_prompt\":false}");
        assertThat(noPrompt.json().get("count").asInt()).isLessThan(t.json().get("count").asInt());
        RawApi.Reply both = api.post("/tokenize", "{" + M + "," + messages + ",\"prompt\":\"x\"}");
        assertThat(both.status()).isEqualTo(400);
        RawApi.Reply badRole = api.post("/tokenize", "{" + M + ",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().get("error").get("param").asString()).isEqualTo("messages[0].role");
    }
}
