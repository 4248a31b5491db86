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
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** {@code POST /v1/chat/completions}: messages rendered with the model's chat template. */
@RestController
class ChatCompletionsController {

    private final GenerationService service;
    private final StructuredOutputConstraints structured;
    private final RequestBinder binder;

    ChatCompletionsController(GenerationService service, StructuredOutputConstraints structured, RequestBinder binder) {
        this.service = service;
        this.structured = structured;
        this.binder = binder;
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
        ChatCompletionRequest r = binder.bind(body, ChatCompletionRequest.class);
        GenerationOptions options = GenerationOptions.of(r, service.model);
        ToolsRequest tools = ToolsRequest.of(r.tools(), r.toolChoice(), r.parallelToolCalls(), service.json);
        int[] prompt = prompt(r.messages(), tools);
        boolean logprobs = Boolean.TRUE.equals(r.logprobs());
        int topLogprobs = r.topLogprobs() == null ? 0 : r.topLogprobs();
        if (r.topLogprobs() != null && !logprobs) {
            throw OpenAiException.badRequest("'top_logprobs' requires 'logprobs' to be true", "top_logprobs");
        }
        if (topLogprobs > service.model.vocabSize()) {
            throw OpenAiException.badRequest("'top_logprobs' must be at most the vocabulary size", "top_logprobs");
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
            Optional<Usage> usageSlot = options.includeUsage() ? Optional.empty() : null; // JSON null / left out
            service.stream(response, handle, choices, new GenerationService.ChunkWriter() {
                @Override
                public void write(SseWriter sse, ChoiceOutput c, String text) throws IOException {
                    if (!c.started) {
                        c.started = true;
                        sse.send(chunk(c.index, new ChatCompletionChunk.Delta("assistant", "", null), null, null));
                    }
                    ChoiceToolCalls toolCalls = calls.get(c.index);
                    List<ChatCompletionChunk.Delta> deltas = new ArrayList<>();
                    if (toolCalls == null) {
                        if (!text.isEmpty()) {
                            deltas.add(ChatCompletionChunk.Delta.content(text));
                        }
                    } else {
                        deltas.addAll(toolCalls.feed(text));
                        if (c.done()) {
                            deltas.addAll(toolCalls.finish());
                        }
                    }
                    for (int d = 0; d < deltas.size(); d++) {
                        sse.send(chunk(c.index, deltas.get(d),
                                logprobs && d == 0 ? service.logprobsJson.chat(c.takeNewLogprobs()) : null, null));
                    }
                    if (c.done()) {
                        List<Logprobs> rest = c.takeNewLogprobs(); // tokens whose text never showed (stop string, EOS)
                        String finish = toolCalls == null ? c.finishReason : toolCalls.finishReason(c.finishReason);
                        sse.send(chunk(c.index, ChatCompletionChunk.Delta.EMPTY,
                                logprobs && !rest.isEmpty() ? service.logprobsJson.chat(rest) : null, finish));
                    }
                }

                private ChatCompletionChunk chunk(int index, ChatCompletionChunk.Delta delta, @Nullable ChatLogprobs lp,
                                                  @Nullable String finishReason) {
                    return new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, service.model.id(), null,
                            List.of(new ChatCompletionChunk.Choice(index, delta, lp, finishReason)), usageSlot);
                }

                @Override
                public List<ChatCompletionChunk> tail() {
                    if (!options.includeUsage()) {
                        return List.of();
                    }
                    return List.of(new ChatCompletionChunk(id, ChatCompletionChunk.OBJECT, created, service.model.id(), null,
                            List.of(), Optional.of(service.usage(prompt.length, choices))));
                }
            }, () -> service.logRequest(id, prompt.length, choices, start));
            return null;
        }
        return service.respondWhenDone(request, "chat_completions", id, handle, choices, () -> {
            service.logRequest(id, prompt.length, choices, start);
            List<ChatCompletionResponse.Choice> out = new ArrayList<>();
            for (ChoiceOutput c : choices) {
                ChatCompletionResponse.Message message = ChatCompletionResponse.Message.text(c.text.toString());
                String finish = c.finishReason;
                ChoiceToolCalls toolCalls = toolCalls(tools);
                if (toolCalls != null) {
                    toolCalls.feed(c.text.toString());
                    toolCalls.finish();
                    message = toolCalls.message();
                    finish = toolCalls.finishReason(finish);
                }
                out.add(new ChatCompletionResponse.Choice(c.index, message,
                        logprobs ? service.logprobsJson.chat(c.logprobs) : null, finish));
            }
            return new ChatCompletionResponse(id, ChatCompletionResponse.OBJECT, created, service.model.id(), null, out,
                    service.usage(prompt.length, choices));
        });
    }

    /** A choice's tool-call reader; null when tool_choice is none (or there are no tools): the text is content. */
    private @Nullable ChoiceToolCalls toolCalls(ToolsRequest tools) {
        return tools.parsesCalls() ? new ChoiceToolCalls(structured.toolCallSyntax(), tools.parallel()) : null;
    }

    /** messages (and tools) → chat template → token ids. */
    private int[] prompt(List<ChatMessageParam> messages, ToolsRequest tools) {
        String text = ChatPrompt.render(messages, tools, service, true);
        int[] ids = service.model.tokenizer().encode(text, false);
        if (ids.length == 0) {
            throw OpenAiException.badRequest("The messages render to an empty prompt", "messages");
        }
        return ids;
    }
}
