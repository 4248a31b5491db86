package dev.janus.attention.api;

import dev.janus.attention.scheduling.GenerationHandle;
import dev.janus.attention.scheduling.GenerationRequest;
import dev.janus.model.sampling.Logprobs;
import dev.janus.model.sampling.SamplingParams;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /v1/chat/completions}: messages rendered with the model's chat template. */
@RestController
class ChatCompletionsController {

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
        ToolsRequest tools = ToolsRequest.parse(f, service.json);
        int[] prompt = prompt(f, tools);
        boolean logprobs = f.bool("logprobs", false);
        int topN = Math.min(SamplingParams.MAX_TOP_LOGPROBS, service.model.vocabSize());
        int topLogprobs = f.integer("top_logprobs", 0, topN, 0);
        if (f.has("top_logprobs") && !logprobs) {
            throw OpenAiException.badRequest("'top_logprobs' requires 'logprobs' to be true", "top_logprobs");
        }
        if (options.maxTokens() != null && options.maxTokens() < 1) {
            throw OpenAiException.badRequest("'max_tokens' must be at least 1", "max_tokens");
        }
        if (tools.constrains() && options.responseFormat() != null) {
            throw OpenAiException.badRequest("'response_format' cannot be combined with a 'tool_choice' that forces a call",
                    "response_format");
        }
        int maxTokens = service.maxTokens(options, prompt.length, Integer.MAX_VALUE, "messages");
        List<GenerationRequest> requests = new ArrayList<>();
        List<ChoiceOutput> choices = new ArrayList<>();
        int[] stopTokenIds = options.stopTokenIds(service.model);
        var constraint = tools.constrains() ? structured.toolCalls(tools, stopTokenIds)
                : structured.constraint(options.responseFormat(), stopTokenIds);
        int[] markers = tools.parsesCalls() ? structured.toolCallSyntax().specialMarkerIds(service.model.tokenizer())
                : new int[0];
        for (int i = 0; i < options.n(); i++) {
            requests.add(new GenerationRequest(i, prompt, maxTokens, options.sampling(), logprobs ? topLogprobs : -1,
                    false, stopTokenIds, constraint));
            choices.add(new ChoiceOutput(i, 0, service.model.tokenizer(), options.stop(), markers));
        }
        String id = GenerationService.newId("chatcmpl-");
        long created = GenerationService.nowSeconds();
        GenerationHandle handle = service.submit(requests);
        if (options.stream()) {
            List<ChoiceToolCalls> calls = choices.stream().map(c -> toolCalls(tools)).toList();
            service.stream(response, handle, choices, new GenerationService.ChunkWriter() {
                @Override
                public void write(SseWriter sse, ChoiceOutput c, String text) throws IOException {
                    if (!c.started) {
                        c.started = true;
                        ObjectNode delta = service.json.createObjectNode().put("role", "assistant").put("content", "");
                        sse.send(chunk(id, created, options, c.index, delta, null, null));
                    }
                    ChoiceToolCalls toolCalls = calls.get(c.index);
                    List<ObjectNode> deltas = new ArrayList<>();
                    if (toolCalls == null) {
                        if (!text.isEmpty()) {
                            deltas.add(service.json.createObjectNode().put("content", text));
                        }
                    } else {
                        deltas.addAll(toolCalls.feed(text));
                        if (c.done()) {
                            deltas.addAll(toolCalls.finish());
                        }
                    }
                    for (int d = 0; d < deltas.size(); d++) {
                        sse.send(chunk(id, created, options, c.index, deltas.get(d),
                                logprobs && d == 0 ? service.logprobsJson.chat(c.takeNewLogprobs()) : null, null));
                    }
                    if (c.done()) {
                        List<Logprobs> rest = c.takeNewLogprobs(); // tokens whose text never showed (stop string, EOS)
                        String finish = toolCalls == null ? c.finishReason : toolCalls.finishReason(c.finishReason);
                        sse.send(chunk(id, created, options, c.index, service.json.createObjectNode(),
                                logprobs && !rest.isEmpty() ? service.logprobsJson.chat(rest) : null, finish));
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
                String finish = c.finishReason;
                ChoiceToolCalls toolCalls = toolCalls(tools);
                if (toolCalls == null) {
                    message.put("content", c.text.toString());
                    message.putNull("refusal");
                } else {
                    toolCalls.feed(c.text.toString());
                    toolCalls.finish();
                    toolCalls.writeMessage(message);
                    finish = toolCalls.finishReason(finish);
                }
                if (logprobs) {
                    choice.set("logprobs", service.logprobsJson.chat(c.logprobs));
                } else {
                    choice.putNull("logprobs");
                }
                choice.put("finish_reason", finish);
            }
            out.set("usage", service.usage(prompt.length, choices));
            return out;
        });
    }

    /** A choice's tool-call reader; null when tool_choice is none (or there are no tools): the text is content. */
    private @Nullable ChoiceToolCalls toolCalls(ToolsRequest tools) {
        return tools.parsesCalls() ? new ChoiceToolCalls(structured.toolCallSyntax(), service.json, tools.parallel()) : null;
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

    /** messages (and tools) → chat template → token ids. */
    private int[] prompt(JsonFields f, ToolsRequest tools) {
        String text = ChatPrompt.render(f, tools, service);
        int[] ids = service.model.tokenizer().encode(text, false);
        if (ids.length == 0) {
            throw OpenAiException.badRequest("The messages render to an empty prompt", "messages");
        }
        return ids;
    }
}
