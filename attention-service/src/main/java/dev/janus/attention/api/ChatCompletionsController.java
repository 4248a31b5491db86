package dev.janus.attention.api;

import dev.janus.attention.scheduling.GenerationHandle;
import dev.janus.attention.scheduling.GenerationRequest;
import dev.janus.model.chat.ChatMessage;
import dev.janus.model.chat.ChatTemplate;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.SamplingParams;
import dev.janus.model.tokenizer.TokenizerException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/chat/completions}: messages rendered with the model's chat template. */
@RestController
class ChatCompletionsController {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final int MAX_MESSAGES = 1024;

    private final GenerationService service;
    private final StructuredOutputConstraints structured;

    ChatCompletionsController(GenerationService service, StructuredOutputConstraints structured) {
        this.service = service;
        this.structured = structured;
    }

    /** null when streamed: the events are written to the response as they come. */
    @PostMapping("/v1/chat/completions")
    @Nullable DeferredResult<ResponseEntity<String>> chat(@RequestBody(required = false) @Nullable String body,
                                                          HttpServletRequest request,
                                                          HttpServletResponse response) throws IOException {
        return service.counted("chat_completions", () -> handle(body, request, response));
    }

    private @Nullable DeferredResult<ResponseEntity<String>> handle(@Nullable String body, HttpServletRequest request,
                                                                     HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        JsonFields f = JsonFields.parse(service.json, body);
        GenerationOptions options = GenerationOptions.parse(f, service.model);
        int[] prompt = prompt(f);
        boolean logprobs = f.bool("logprobs", false);
        int topN = Math.min(SamplingParams.MAX_TOP_LOGPROBS, service.model.vocabSize());
        int topLogprobs = f.integer("top_logprobs", 0, topN, 0);
        if (f.has("top_logprobs") && !logprobs) {
            throw OpenAiException.badRequest("'top_logprobs' requires 'logprobs' to be true", "top_logprobs");
        }
        if (options.maxTokens() != null && options.maxTokens() < 1) {
            throw OpenAiException.badRequest("'max_tokens' must be at least 1", "max_tokens");
        }
        int maxTokens = service.maxTokens(options, prompt.length, Integer.MAX_VALUE, "messages");
        List<GenerationRequest> requests = new ArrayList<>();
        List<ChoiceOutput> choices = new ArrayList<>();
        int[] stopTokenIds = options.stopTokenIds(service.model);
        var constraint = structured.constraint(options.responseFormat(), stopTokenIds);
        for (int i = 0; i < options.n(); i++) {
            requests.add(new GenerationRequest(i, prompt, maxTokens, options.sampling(), logprobs ? topLogprobs : -1,
                    false, stopTokenIds, constraint));
            choices.add(new ChoiceOutput(i, 0, service.model.tokenizer(), options.stop()));
        }
        String id = GenerationService.newId("chatcmpl-");
        long created = GenerationService.nowSeconds();
        GenerationHandle handle = service.submit(requests);
        if (options.stream()) {
            service.stream(response, handle, choices, new GenerationService.ChunkWriter() {
                @Override
                public void write(SseWriter sse, ChoiceOutput c, String text) throws IOException {
                    if (!c.started) {
                        c.started = true;
                        ObjectNode delta = service.json.createObjectNode().put("role", "assistant").put("content", "");
                        sse.send(chunk(id, created, options, c.index, delta, null, null));
                    }
                    if (!text.isEmpty()) {
                        ObjectNode delta = service.json.createObjectNode().put("content", text);
                        sse.send(chunk(id, created, options, c.index, delta,
                                logprobs ? service.logprobsJson.chat(c.takeNewLogprobs()) : null, null));
                    }
                    if (c.done()) {
                        List<Logprobs> rest = c.takeNewLogprobs(); // tokens whose text never showed (stop string, EOS)
                        sse.send(chunk(id, created, options, c.index, service.json.createObjectNode(),
                                logprobs && !rest.isEmpty() ? service.logprobsJson.chat(rest) : null, c.finishReason));
                    }
                }

                @Override
                public List<ObjectNode> tail() {
                    if (!options.includeUsage()) {
                        return List.of();
                    }
                    ObjectNode chunk = envelope(id, created, "chat.completion.chunk");
                    chunk.putArray("choices");
                    chunk.set("usage", service.usage(prompt.length, choices));
                    return List.of(chunk);
                }
            }, () -> service.logRequest(id, prompt.length, choices, start));
            return null;
        }
        return service.respondWhenDone(request, "chat_completions", id, handle, choices, () -> {
            service.logRequest(id, prompt.length, choices, start);
            ObjectNode out = envelope(id, created, "chat.completion");
            ArrayNode array = out.putArray("choices");
            for (ChoiceOutput c : choices) {
                ObjectNode choice = array.addObject();
                choice.put("index", c.index);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.put("content", c.text.toString());
                message.putNull("refusal");
                if (logprobs) {
                    choice.set("logprobs", service.logprobsJson.chat(c.logprobs));
                } else {
                    choice.putNull("logprobs");
                }
                choice.put("finish_reason", c.finishReason);
            }
            out.set("usage", service.usage(prompt.length, choices));
            return out;
        });
    }

    private ObjectNode chunk(String id, long created, GenerationOptions options, int index, ObjectNode delta,
                             @Nullable ObjectNode logprobs, @Nullable String finishReason) {
        ObjectNode chunk = envelope(id, created, "chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.set("logprobs", logprobs);
        choice.put("finish_reason", finishReason);
        if (options.includeUsage()) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode envelope(String id, long created, String object) {
        ObjectNode out = service.json.createObjectNode();
        out.put("id", id);
        out.put("object", object);
        out.put("created", created);
        out.put("model", service.model.id());
        out.putNull("system_fingerprint");
        return out;
    }

    /** messages → chat template → token ids. */
    private int[] prompt(JsonFields f) {
        JsonNode messages = f.get("messages").orElseThrow(() -> OpenAiException.badRequest("'messages' is required", "messages"));
        if (!messages.isArray() || messages.isEmpty()) {
            throw OpenAiException.badRequest("'messages' must be a non-empty array", "messages");
        }
        if (messages.size() > MAX_MESSAGES) {
            throw OpenAiException.badRequest("at most " + MAX_MESSAGES + " messages", "messages");
        }
        List<ChatMessage> rendered = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String param = "messages[" + i + "]";
            JsonFields m = JsonFields.of(messages.get(i), param);
            String role = m.string("role").orElseThrow(() -> OpenAiException.badRequest("'" + param + ".role' is required", param));
            if (!ROLES.contains(role)) {
                throw OpenAiException.badRequest("'" + param + ".role' must be one of system, user, assistant (got '" + role + "')",
                        param + ".role");
            }
            rendered.add(ChatMessage.of(role.equals("developer") ? "system" : role, content(m, param, role)));
        }
        service.checkTextLength(rendered.stream().mapToLong(m -> m.content().length()).sum(), "messages");
        ChatTemplate template = service.model.chat().orElseThrow(() -> OpenAiException.badRequest(
                "The model '" + service.model.id() + "' has no chat template; use /v1/completions", "messages"));
        String text;
        try {
            text = template.render(rendered, true, Map.of());
        } catch (TokenizerException | IllegalArgumentException e) {
            throw OpenAiException.badRequest("The chat template rejected the messages: " + e.getMessage(), "messages");
        }
        int[] ids = service.model.tokenizer().encode(text, false);
        if (ids.length == 0) {
            throw OpenAiException.badRequest("The messages render to an empty prompt", "messages");
        }
        return ids;
    }

    /** content: a string, or an array of text parts ({"type":"text","text":...}); null only for assistant. */
    private static String content(JsonFields m, String param, String role) {
        var value = m.get("content");
        if (value.isEmpty()) {
            if (role.equals("assistant")) {
                return "";
            }
            throw OpenAiException.badRequest("'" + param + ".content' is required", param + ".content");
        }
        JsonNode c = value.get();
        if (c.isString()) {
            return c.stringValue();
        }
        if (c.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : c) {
                if (!part.isObject() || !"text".equals(part.path("type").asString("")) || !part.path("text").isString()) {
                    throw OpenAiException.badRequest("'" + param + ".content' parts must be {\"type\":\"text\",\"text\":...}"
                            + " (this model reads text only)", param + ".content");
                }
                text.append(part.path("text").stringValue());
            }
            return text.toString();
        }
        throw JsonFields.wrongType(param + ".content", "a string or an array of text parts");
    }
}
