package dev.janus.attention.api;

import dev.janus.attention.model.ServedModel;
import dev.janus.attention.scheduling.BatchScheduler;
import dev.janus.attention.scheduling.GenerationHandle;
import dev.janus.attention.scheduling.GenerationRequest;
import dev.janus.attention.scheduling.SchedulerOverloadedException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
import tools.jackson.databind.json.JsonMapper;

/** What both generating endpoints share: limits, submission, waiting, streaming, counting. */
@Service
class GenerationService {

    private static final Logger log = LoggerFactory.getLogger(GenerationService.class);
    private static final int MAX_CHARS_PER_TOKEN = 32;
    private static final long NO_TIMEOUT = 0; // Servlet: a timeout <= 0 means none
    private static final int CLIENT_CLOSED_REQUEST = 499; // nginx's status for a client that went away

    final ServedModel model;
    final JsonMapper json;
    final LogprobsJson logprobsJson;
    private final BatchScheduler scheduler;
    private final MeterRegistry registry;

    GenerationService(ServedModel model, BatchScheduler scheduler, JsonMapper json, MeterRegistry registry) {
        this.model = model;
        this.scheduler = scheduler;
        this.json = json;
        this.registry = registry;
        this.logprobsJson = new LogprobsJson(model.tokenizer());
    }

    /** max_tokens as asked, or the endpoint's default; refuses what the context or the KV cache cannot hold. */
    int maxTokens(GenerationOptions options, int promptLength, int defaultMaxTokens, String promptParam) {
        int context = Math.min(model.contextLength(), scheduler.contextLength());
        if (promptLength + 1 > scheduler.capacityTokens()) {
            throw OpenAiException.badRequest("The prompt (" + promptLength + " tokens) does not fit in this server's KV cache ("
                    + scheduler.capacityTokens() + " tokens)", promptParam, "context_length_exceeded");
        }
        if (options.maxTokens() == null) {
            if (promptLength >= context) {
                throw OpenAiException.contextTooLong(context, promptLength + 1, promptParam);
            }
            return Math.min(defaultMaxTokens, context - promptLength);
        }
        long requested = (long) promptLength + options.maxTokens();
        if (requested > context) {
            throw OpenAiException.contextTooLong(context, (int) Math.min(requested, Integer.MAX_VALUE), promptParam);
        }
        return options.maxTokens();
    }

    /**
     * Refuses text that cannot fit the context before tokenizing it: a token covers at most a
     * few dozen characters in any real vocabulary, and BPE on megabytes of one "word" is slow.
     */
    void checkTextLength(long chars, String param) {
        long limit = (long) model.contextLength() * MAX_CHARS_PER_TOKEN;
        if (chars > limit) {
            throw OpenAiException.badRequest("The prompt has " + chars + " characters; this model's context of "
                    + model.contextLength() + " tokens cannot hold more than " + limit, param, "context_length_exceeded");
        }
    }

    GenerationHandle submit(List<GenerationRequest> requests) {
        if (requests.size() > scheduler.maxQueued()) {
            throw OpenAiException.badRequest("This request asks for " + requests.size() + " sequences (prompts x n); this server"
                    + " queues at most " + scheduler.maxQueued(), "n");
        }
        try {
            return scheduler.submit(requests);
        } catch (SchedulerOverloadedException e) {
            throw OpenAiException.overloaded(e.getMessage());
        }
    }

    /**
     * Answers a non-streaming request once every choice is done. The servlet thread returns at
     * once (Servlet async, no timeout: a generation takes what it takes) and a virtual thread
     * waits for the scheduler's events while it checks the client's connection: a client that
     * goes away while its request is queued or generating is cancelled within
     * {@link ChoiceCollector#CONNECTION_CHECK_MILLIS} and its KV blocks are freed at the
     * scheduler's next step, instead of after the last token.
     */
    DeferredResult<ResponseEntity<String>> respondWhenDone(HttpServletRequest request, String endpoint, String id,
                                                          GenerationHandle handle, List<ChoiceOutput> choices,
                                                          Supplier<?> body) {
        DeferredResult<ResponseEntity<String>> result = new DeferredResult<>(NO_TIMEOUT);
        WebAsyncUtils.getAsyncManager(request).registerDeferredResultInterceptor(ClientConnection.class,
                new DeferredResultProcessingInterceptor() {
                    @Override
                    public <T> void preProcess(NativeWebRequest web, DeferredResult<T> deferred) {
                        // async has started now: the connection can be watched
                        BooleanSupplier closed = watch(web.getNativeRequest(HttpServletRequest.class));
                        Thread.ofVirtual().name("janus-wait-" + id)
                                .start(() -> complete(result, endpoint, id, handle, choices, body, closed));
                    }
                });
        return result;
    }

    private static BooleanSupplier watch(@Nullable HttpServletRequest request) {
        try {
            if (request != null) {
                return ClientConnection.watch(request)::closed;
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("cannot watch the client's connection: {}", e.toString());
        }
        return () -> false; // the client going away is then only seen at the end
    }

    private void complete(DeferredResult<ResponseEntity<String>> result, String endpoint, String id, GenerationHandle handle,
                          List<ChoiceOutput> choices, Supplier<?> body, BooleanSupplier clientClosed) {
        ResponseEntity<String> answer = null;
        Exception error = null;
        int status = 200;
        try {
            ChoiceCollector.collect(handle, choices, (c, text) -> { }, clientClosed);
            answer = ok(body.get());
        } catch (OpenAiException e) {
            error = e;
            status = e.status().value();
        } catch (IOException e) {
            log.info("{} cancelled: {}", id, e.getMessage());
            status = CLIENT_CLOSED_REQUEST;
            answer = ResponseEntity.status(status).build(); // written to nobody
        } catch (InterruptedException e) {
            error = OpenAiException.overloaded("the request was interrupted (shutting down)");
            status = 503;
        } catch (RuntimeException e) {
            error = e; // OpenAiErrorHandler logs it and answers 500
            status = 500;
        }
        counted(endpoint, status); // before the answer: whoever reads it may scrape the metrics next
        if (answer != null) {
            result.setResult(answer);
        } else {
            result.setErrorResult(error);
        }
    }

    /**
     * Streams every choice as server-sent events. A failure before the first event is thrown
     * (an ordinary HTTP error); after it, it becomes an error event before [DONE].
     */
    void stream(HttpServletResponse response, GenerationHandle handle, List<ChoiceOutput> choices,
                ChunkWriter chunks, Runnable afterChoices) throws IOException {
        SseWriter sse = new SseWriter(response, json);
        try {
            ChoiceCollector.collect(handle, choices, (c, text) -> chunks.write(sse, c, text));
            afterChoices.run();
            for (Object tail : chunks.tail()) {
                sse.send(tail);
            }
            sse.done();
        } catch (OpenAiException e) {
            if (!sse.started()) {
                throw e;
            }
            sse.send(OpenAiErrors.body(e));
            sse.done();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.info("client went away during streaming: {}", e.getMessage());
        }
    }

    /** Renders the chunks of one streaming endpoint. */
    interface ChunkWriter {
        void write(SseWriter sse, ChoiceOutput choice, String text) throws IOException;

        /** Chunks after every choice ended (usage). */
        List<?> tail();
    }

    Usage usage(int promptTokens, List<ChoiceOutput> choices) {
        int completion = choices.stream().mapToInt(c -> c.tokens.size()).sum();
        return Usage.of(promptTokens, completion, cachedPromptTokens(choices));
    }

    /** Per prompt (counted once in prompt_tokens), the prefix-cached tokens every choice of it reused. */
    private static int cachedPromptTokens(List<ChoiceOutput> choices) {
        Map<Integer, Integer> perPrompt = new HashMap<>();
        for (ChoiceOutput c : choices) {
            perPrompt.merge(c.promptIndex, c.cachedPromptTokens, Math::min);
        }
        return perPrompt.values().stream().mapToInt(Integer::intValue).sum();
    }

    static String newId(String prefix) {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /** A JSON answer: a response record (or tree) written by the application's mapper. */
    ResponseEntity<String> ok(Object body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(json.writeValueAsString(body));
    }

    void counted(String endpoint, int status) {
        registry.counter("janus.requests", "endpoint", endpoint, "status", Integer.toString(status)).increment();
    }

    /** An endpoint's handler; may answer with an {@link OpenAiException}. */
    @FunctionalInterface
    interface Handler<T> {
        T handle() throws IOException;
    }

    /**
     * Runs an endpoint's handler and counts the request under its HTTP status; a deferred
     * answer counts itself when it is done.
     */
    <T> T counted(String endpoint, Handler<T> handler) throws IOException {
        int status = 200;
        boolean deferred = false;
        try {
            T result = handler.handle();
            deferred = result instanceof DeferredResult<?>;
            return result;
        } catch (OpenAiException e) {
            status = e.status().value();
            throw e;
        } finally {
            if (!deferred) {
                counted(endpoint, status);
            }
        }
    }

    void logRequest(String id, int promptTokens, List<ChoiceOutput> choices, long startNanos) {
        int completion = choices.stream().mapToInt(c -> c.tokens.size()).sum();
        log.info("{} prompt_tokens={} completion_tokens={} choices={} ms={}", id, promptTokens, completion,
                choices.size(), (System.nanoTime() - startNanos) / 1_000_000);
    }
}
