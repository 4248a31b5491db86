package dev.janus.attention.scheduling;

import dev.janus.model.sampling.Logprobs;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the scheduler tells a request's consumer, in order per choice. */
public sealed interface GenerationEvent {

    int choice();

    /** Logprobs of prompt tokens 1..n-1 (before any token). */
    record PromptLogprobs(int choice, List<Logprobs> logprobs) implements GenerationEvent {
    }

    /** One new token, with its logprobs when asked for. */
    record Token(int choice, int token, @Nullable Logprobs logprobs) implements GenerationEvent {
    }

    /**
     * The sequence ended: "stop" (a stop token) or "length" (max tokens, context or KV cache).
     * {@code cachedPromptTokens}: prompt tokens whose KV came from the prefix cache (usage's
     * prompt_tokens_details.cached_tokens).
     */
    record Finished(int choice, String reason, int cachedPromptTokens) implements GenerationEvent {
    }

    /** The sequence could not be computed; its KV blocks are already freed. */
    record Failed(int choice, RuntimeException error) implements GenerationEvent {
    }
}
