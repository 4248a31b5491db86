package dev.janus.attention.api;

import dev.janus.attention.model.ServedModel;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * vLLM's token-counting extension: {@code POST /tokenize} {@code {"model","prompt",
 * "add_special_tokens"}} or, as vLLM's chat form, {@code {"model","messages","tools",
 * "add_generation_prompt","add_special_tokens"}} (the chat template applied as
 * /v1/chat/completions does) → {@code {"count","max_model_len","tokens"}}, and {@code POST
 * /detokenize} {@code {"model","tokens"}} → {@code {"prompt"}}, with the model's own tokenizer.
 */
@RestController
class TokenizeController {

    private final ServedModel model;
    private final JsonMapper json;
    private final GenerationService service;

    TokenizeController(ServedModel model, JsonMapper json, GenerationService service) {
        this.model = model;
        this.json = json;
        this.service = service;
    }

    @PostMapping("/tokenize")
    ResponseEntity<String> tokenize(@RequestBody(required = false) @Nullable String body) {
        JsonFields f = JsonFields.parse(json, body);
        checkModel(f);
        int[] ids;
        if (f.has("messages")) {
            if (f.has("prompt")) {
                throw OpenAiException.badRequest("Give either 'prompt' or 'messages', not both", "prompt");
            }
            // vLLM's defaults for the chat form: the generation prompt on, no extra special tokens (the template has them)
            String text = ChatPrompt.render(f, ToolsRequest.parse(f, json), service, f.bool("add_generation_prompt", true));
            ids = model.tokenizer().encode(text, f.bool("add_special_tokens", false));
        } else {
            String prompt = f.requiredString("prompt");
            if (prompt.length() > JsonFields.MAX_BODY_CHARS) {
                throw OpenAiException.badRequest("'prompt' is too long", "prompt");
            }
            ids = model.tokenizer().encode(prompt, f.bool("add_special_tokens", true));
        }
        return ok(new Tokenized(ids.length, model.contextLength(), ids));
    }

    @PostMapping("/detokenize")
    ResponseEntity<String> detokenize(@RequestBody(required = false) @Nullable String body) {
        JsonFields f = JsonFields.parse(json, body);
        checkModel(f);
        JsonNode tokens = f.get("tokens").orElseThrow(() -> OpenAiException.badRequest("'tokens' is required", "tokens"));
        if (!tokens.isArray()) {
            throw JsonFields.wrongType("tokens", "an array of token ids");
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode t = tokens.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 0 || t.intValue() >= model.vocabSize()) {
                throw OpenAiException.badRequest("'tokens' must be integers in [0, " + model.vocabSize() + "), got " + t,
                        "tokens");
            }
            ids[i] = t.intValue();
        }
        return ok(new Detokenized(model.tokenizer().decode(ids, false)));
    }

    private void checkModel(JsonFields f) {
        f.string("model").ifPresent(m -> {
            if (!m.equals(model.id())) {
                throw OpenAiException.modelNotFound(m);
            }
        });
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Tokenized(int count, int maxModelLen, int[] tokens) {
    }

    record Detokenized(String prompt) {
    }

    private ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(body));
    }
}
