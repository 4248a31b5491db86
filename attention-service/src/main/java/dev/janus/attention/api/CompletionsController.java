package dev.janus.attention.api;

import dev.janus.attention.scheduling.GenerationHandle;
import dev.janus.attention.scheduling.GenerationRequest;
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

/** {@code POST /v1/completions}: OpenAI's legacy text completions, including echo and prompt logprobs. */
@RestController
class CompletionsController {

    static final int MAX_PROMPTS = 64;
    static final int MAX_SEQUENCES = 128;
    private static final int DEFAULT_MAX_TOKENS = 16; // OpenAI's default for completions

    private final GenerationService service;
    private final StructuredOutputConstraints structured;
    private final RequestBinder binder;

    CompletionsController(GenerationService service, StructuredOutputConstraints structured, RequestBinder binder) {
        this.service = service;
        this.structured = structured;
        this.binder = binder;
    }

    /** null when streamed: the events are written to the response as they come. */
    @PostMapping("/v1/completions")
    @Nullable DeferredResult<ResponseEntity<String>> completions(@RequestBody(required = false) @Nullable String body,
                                                                 HttpServletRequest request,
                                                                 HttpServletResponse response) throws IOException {
        return service.counted("completions", () -> handle(body, request, response));
    }

    private @Nullable DeferredResult<ResponseEntity<String>> handle(@Nullable String body, HttpServletRequest request,
                                                                     HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        CompletionRequest r = binder.bind(body, CompletionRequest.class);
        GenerationOptions options = GenerationOptions.of(r, service.model);
        // function calling is a chat feature
        GenerationOptions.unsupported("tools", r.tools() == null || r.tools().isArray() && r.tools().isEmpty());
        GenerationOptions.unsupported("tool_choice", r.toolChoice() == null
                || r.toolChoice().isString() && r.toolChoice().stringValue().equals("none"));
        GenerationOptions.unsupported("suffix", r.suffix() == null || r.suffix().isEmpty());
        List<Prompt> prompts = prompts(r.prompt());
        int logprobs = r.logprobs() == null ? -1 : r.logprobs();
        if (logprobs > Math.min(SamplingParams.MAX_TOP_LOGPROBS, service.model.vocabSize())) {
            throw OpenAiException.badRequest("'logprobs' must be at most " + Math.min(SamplingParams.MAX_TOP_LOGPROBS,
                    service.model.vocabSize()), "logprobs");
        }
        boolean echo = Boolean.TRUE.equals(r.echo());
        if (prompts.size() * options.n() > MAX_SEQUENCES) {
            throw OpenAiException.badRequest("prompts x n must be at most " + MAX_SEQUENCES, "n");
        }
        int[] stopTokenIds = options.stopTokenIds(service.model);
        var constraint = structured.constraint(options.responseFormat(), stopTokenIds);
        List<GenerationRequest> requests = new ArrayList<>();
        List<ChoiceOutput> choices = new ArrayList<>();
        int promptTokens = 0;
        for (int i = 0; i < prompts.size(); i++) {
            int[] ids = prompts.get(i).ids();
            int maxTokens = service.maxTokens(options, ids.length, DEFAULT_MAX_TOKENS, "prompt");
            promptTokens += ids.length;
            for (int j = 0; j < options.n(); j++) {
                int index = i * options.n() + j;
                requests.add(new GenerationRequest(index, ids, maxTokens, options.sampling(), logprobs,
                        echo && logprobs >= 0, stopTokenIds, constraint));
                choices.add(new ChoiceOutput(index, i, service.model.tokenizer(), options.stop()));
            }
        }
        String id = GenerationService.newId("cmpl-");
        long created = GenerationService.nowSeconds();
        GenerationHandle handle = service.submit(requests);
        int totalPromptTokens = promptTokens;
        if (options.stream()) {
            Optional<Usage> usageSlot = options.includeUsage() ? Optional.empty() : null; // JSON null / left out
            service.stream(response, handle, choices, new GenerationService.ChunkWriter() {
                @Override
                public void write(SseWriter sse, ChoiceOutput c, String text) throws IOException {
                    boolean first = !c.started;
                    if (text.isEmpty() && !c.done() && !(first && echo)) {
                        return; // nothing to say yet (text held back for UTF-8 or a possible stop string)
                    }
                    c.started = true;
                    Prompt prompt = prompts.get(c.promptIndex);
                    CompletionLogprobs lp = null;
                    if (logprobs >= 0) {
                        // text_offset continues where the text returned so far ends (the echoed prompt counts)
                        int offset = first ? 0 : (echo ? prompt.text().length() : 0) + c.text.length() - text.length();
                        boolean echoed = first && echo;
                        lp = service.logprobsJson.completion(echoed ? prompt.ids() : new int[0],
                                echoed ? prompt.text() : "", prompt.showsSpecial(), first ? c.promptLogprobs : List.of(),
                                c.takeNewLogprobs(), offset);
                    }
                    CompletionResponse.Choice choice = new CompletionResponse.Choice(
                            (first && echo ? prompt.text() : "") + text, c.index, lp, c.finishReason);
                    sse.send(response(List.of(choice), usageSlot));
                }

                @Override
                public List<CompletionResponse> tail() {
                    if (!options.includeUsage()) {
                        return List.of();
                    }
                    return List.of(response(List.of(), Optional.of(service.usage(totalPromptTokens, choices))));
                }

                private CompletionResponse response(List<CompletionResponse.Choice> choices, Optional<Usage> usage) {
                    return new CompletionResponse(id, CompletionResponse.OBJECT, created, service.model.id(), null, choices,
                            usage);
                }
            }, () -> service.logRequest(id, totalPromptTokens, choices, start));
            return null;
        }
        return service.respondWhenDone(request, "completions", id, handle, choices, () -> {
            service.logRequest(id, totalPromptTokens, choices, start);
            List<CompletionResponse.Choice> out = new ArrayList<>();
            for (ChoiceOutput c : choices) {
                Prompt prompt = prompts.get(c.promptIndex);
                CompletionLogprobs lp = logprobs < 0 ? null : service.logprobsJson.completion(
                        echo ? prompt.ids() : new int[0], echo ? prompt.text() : "", prompt.showsSpecial(),
                        c.promptLogprobs, c.logprobs, 0);
                out.add(new CompletionResponse.Choice((echo ? prompt.text() : "") + c.text, c.index, lp, c.finishReason));
            }
            return new CompletionResponse(id, CompletionResponse.OBJECT, created, service.model.id(), null, out,
                    Optional.of(service.usage(totalPromptTokens, choices)));
        });
    }

    /**
     * A prompt's token ids and its text: as given, or decoded from ids for echo, special tokens
     * (BOS) included ({@code showsSpecial}).
     */
    private record Prompt(int[] ids, String text, boolean showsSpecial) {
    }

    /** Each prompt of the request: text tokenized (with BOS), or ids checked against the vocabulary. */
    private List<Prompt> prompts(PromptParam prompt) {
        if (prompt.items().size() > MAX_PROMPTS) {
            throw OpenAiException.badRequest("at most " + MAX_PROMPTS + " prompts per request", "prompt");
        }
        List<Prompt> out = new ArrayList<>();
        for (PromptParam.Item item : prompt.items()) {
            out.add(item.text() != null ? textPrompt(item.text()) : idPrompt(item.ids()));
        }
        return out;
    }

    private Prompt textPrompt(String text) {
        if (text.isEmpty()) {
            throw OpenAiException.badRequest("'prompt' must not be empty", "prompt");
        }
        service.checkTextLength(text.length(), "prompt");
        int[] ids = service.model.tokenizer().encode(text, true);
        if (ids.length == 0) {
            throw OpenAiException.badRequest("'prompt' encodes to no tokens", "prompt");
        }
        return new Prompt(ids, text, false);
    }

    private Prompt idPrompt(int[] ids) {
        int vocab = service.model.vocabSize();
        for (int id : ids) {
            if (id >= vocab) {
                throw OpenAiException.badRequest("'prompt' token ids must be integers in [0, " + vocab + "), got " + id,
                        "prompt");
            }
        }
        return new Prompt(ids, service.model.tokenizer().decode(ids, false), true);
    }
}
