package dev.janus.attention.api;

import dev.janus.attention.model.ServedModel;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
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
    private final RequestBinder binder;

    TokenizeController(ServedModel model, JsonMapper json, GenerationService service, RequestBinder binder) {
        this.model = model;
        this.json = json;
        this.service = service;
        this.binder = binder;
    }

    @PostMapping("/tokenize")
    ResponseEntity<String> tokenize(@RequestBody(required = false) @Nullable String body) {
        TokenizeRequest r = binder.bind(body, TokenizeRequest.class);
        checkModel(r.model());
        int[] ids;
        if (r.messages() != null) {
            if (r.prompt() != null) {
                throw OpenAiException.badRequest("Give either 'prompt' or 'messages', not both", "prompt");
            }
            // vLLM's defaults for the chat form: the generation prompt on, no extra special tokens (the template has them)
            String text = ChatPrompt.render(r.messages(), ToolsRequest.of(r.tools(), null, null, json), service,
                    !Boolean.FALSE.equals(r.addGenerationPrompt()));
            ids = model.tokenizer().encode(text, Boolean.TRUE.equals(r.addSpecialTokens()));
        } else {
            if (r.prompt() == null) {
                throw OpenAiException.badRequest("'prompt' (or 'messages') is required", "prompt");
            }
            service.checkTextLength(r.prompt().length(), "prompt");
            ids = model.tokenizer().encode(r.prompt(), !Boolean.FALSE.equals(r.addSpecialTokens()));
        }
        return ok(new Tokenized(ids.length, model.contextLength(), ids));
    }

    @PostMapping("/detokenize")
    ResponseEntity<String> detokenize(@RequestBody(required = false) @Nullable String body) {
        TokenizeRequest.Detokenize r = binder.bind(body, TokenizeRequest.Detokenize.class);
        checkModel(r.model());
        int[] ids = new int[r.tokens().size()];
        for (int i = 0; i < ids.length; i++) {
            int t = r.tokens().get(i);
            if (t < 0 || t >= model.vocabSize()) {
                throw OpenAiException.badRequest("'tokens' must be integers in [0, " + model.vocabSize() + "), got " + t,
                        "tokens");
            }
            ids[i] = t;
        }
        return ok(new Detokenized(model.tokenizer().decode(ids, false)));
    }

    private void checkModel(@Nullable String requested) {
        if (requested != null && !requested.equals(model.id())) {
            throw OpenAiException.modelNotFound(requested);
        }
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
