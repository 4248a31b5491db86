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
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/completions}: OpenAI's legacy text completions, including echo and prompt logprobs. */
@RestController
class CompletionsController {

    static final int MAX_PROMPTS = 64;
    static final int MAX_SEQUENCES = 128;
    private static final int DEFAULT_MAX_TOKENS = 16; // OpenAI's default for completions

    private final GenerationService service;
    private final StructuredOutputConstraints structured;

    CompletionsController(GenerationService service, StructuredOutputConstraints structured) {
        this.service = service;
        this.structured = structured;
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
        JsonFields f = JsonFields.parse(service.json, body);
        GenerationOptions options = GenerationOptions.parse(f, service.model);
        f.rejectUnsupported("tools", v -> v.isArray() && v.isEmpty()); // function calling is a chat feature
        f.rejectUnsupported("tool_choice", v -> v.isString() && v.stringValue().equals("none"));
        List<Prompt> prompts = prompts(f);
        int topN = Math.min(SamplingParams.MAX_TOP_LOGPROBS, service.model.vocabSize());
        int logprobs = f.integer("logprobs", 0, topN, -1);
        boolean echo = f.bool("echo", false);
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

    /** prompt: a string, an array of strings, an array of token ids, or an array of token-id arrays. */
    private List<Prompt> prompts(JsonFields f) {
        JsonNode p = f.get("prompt").orElseThrow(() -> OpenAiException.badRequest("'prompt' is required", "prompt"));
        List<Prompt> out = new ArrayList<>();
        if (p.isString()) {
            out.add(textPrompt(p.stringValue()));
        } else if (p.isArray() && !p.isEmpty()) {
            JsonNode first = p.get(0);
            if (first.isNumber()) {
                out.add(idPrompt(p));
            } else {
                for (JsonNode item : p) {
                    if (item.isString()) {
                        out.add(textPrompt(item.stringValue()));
                    } else if (item.isArray()) {
                        out.add(idPrompt(item));
                    } else {
                        throw promptShape();
                    }
                }
            }
        } else {
            throw p.isArray() ? OpenAiException.badRequest("'prompt' must not be empty", "prompt") : promptShape();
        }
        if (out.size() > MAX_PROMPTS) {
            throw OpenAiException.badRequest("at most " + MAX_PROMPTS + " prompts per request", "prompt");
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

    private Prompt idPrompt(JsonNode array) {
        if (array.isEmpty()) {
            throw OpenAiException.badRequest("'prompt' must not contain an empty token list", "prompt");
        }
        int vocab = service.model.vocabSize();
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode t = array.get(i);
            if (!t.isIntegralNumber() || !t.canConvertToInt() || t.intValue() < 0 || t.intValue() >= vocab) {
                throw OpenAiException.badRequest("'prompt' token ids must be integers in [0, " + vocab + "), got " + t,
                        "prompt");
            }
            ids[i] = t.intValue();
        }
        return new Prompt(ids, service.model.tokenizer().decode(ids, false), true);
    }

    private static OpenAiException promptShape() {
        return JsonFields.wrongType("prompt", "a string, an array of strings, an array of token ids or an array of token-id arrays");
    }
}
