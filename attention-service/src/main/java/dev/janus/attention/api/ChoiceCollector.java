package dev.janus.attention.api;

import dev.janus.attention.scheduling.GenerationEvent;
import dev.janus.attention.scheduling.GenerationHandle;
import dev.janus.attention.scheduling.SchedulerOverloadedException;
import dev.janus.comm.dispatch.ExpertCallException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.http.HttpStatus;

/**
 * Drains a request's scheduler events into its {@link ChoiceOutput}s, telling a listener about
 * each piece of released text (streaming) or nothing (a whole response). Always cancels the
 * handle on the way out, so a client that goes away (IOException while writing, or seen by the
 * connection check while no event comes) frees its KV blocks at the scheduler's next step.
 */
final class ChoiceCollector {

    /** How often a waiting request looks at its client's connection when no event arrives. */
    static final long CONNECTION_CHECK_MILLIS = 50;

    /** Sees every change of a choice: new text, new logprobs, or its end. */
    interface Listener {
        void onDelta(ChoiceOutput choice, String text) throws IOException;
    }

    private ChoiceCollector() {
    }

    static void collect(GenerationHandle handle, List<ChoiceOutput> choices, Listener listener)
            throws IOException, InterruptedException {
        collect(handle, choices, listener, () -> false);
    }

    /**
     * As above; also checks {@code clientClosed} whenever no event came for
     * {@link #CONNECTION_CHECK_MILLIS} (a queued request, or a step slower than that) and after
     * every event at most that often, and throws an IOException once it says so.
     */
    static void collect(GenerationHandle handle, List<ChoiceOutput> choices, Listener listener,
                        BooleanSupplier clientClosed) throws IOException, InterruptedException {
        try {
            int open = choices.size();
            long nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECTION_CHECK_MILLIS);
            while (open > 0) {
                GenerationEvent event = handle.events().poll(CONNECTION_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                if (event == null || System.nanoTime() >= nextCheck) {
                    if (clientClosed.getAsBoolean()) {
                        throw new IOException("the client closed the connection");
                    }
                    nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECTION_CHECK_MILLIS);
                }
                if (event == null) {
                    continue;
                }
                ChoiceOutput c = choices.get(event.choice());
                if (c.done()) {
                    continue; // ended by a stop string; the scheduler had not seen the cancel yet
                }
                switch (event) {
                    case GenerationEvent.PromptLogprobs p -> c.promptLogprobs = p.logprobs();
                    case GenerationEvent.Token t -> {
                        String piece = c.onToken(t.token(), t.logprobs());
                        if (c.done()) {
                            handle.cancel(c.index);
                            open--;
                        }
                        listener.onDelta(c, piece);
                    }
                    case GenerationEvent.Finished f -> {
                        c.cachedPromptTokens = f.cachedPromptTokens();
                        String piece = c.onFinished(f.reason());
                        open--;
                        listener.onDelta(c, piece);
                    }
                    case GenerationEvent.Failed f -> throw toApi(f.error());
                }
            }
        } finally {
            handle.cancel();
        }
    }

    static OpenAiException toApi(RuntimeException e) {
        if (e instanceof SchedulerOverloadedException) {
            return OpenAiException.overloaded(e.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return OpenAiException.badRequest(e.getMessage(), null);
        }
        if (e instanceof ExpertCallException lost) {
            // a MoE instance failed and no replica of the experts it held is up: the service cannot
            // compute this request now (503, retryable), and the message names the instance
            return new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error", "The model failed to compute "
                    + "this request: " + lost.getMessage(), null, "moe_instance_unavailable");
        }
        return new OpenAiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                "The model failed to compute this request: " + e.getMessage(), null, null);
    }
}
