package dev.janus.attention.api;

import dev.janus.model.sampling.Logprobs;
import dev.janus.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One choice of a response as it is generated: tokens → incremental UTF-8-safe text → stop
 * strings. The text it releases never contains a stop string nor special tokens.
 */
final class ChoiceOutput {

    final int index;
    final int promptIndex;
    private final dev.janus.model.tokenizer.TokenStreamDecoder decoder;
    private final StopStringMatcher stops;
    private final Tokenizer tokenizer;
    private final int[] keptSpecialTokens;
    final List<Integer> tokens = new ArrayList<>();
    int cachedPromptTokens; // prompt tokens taken from the prefix cache (set when finished)
    final List<Logprobs> logprobs = new ArrayList<>();
    List<Logprobs> promptLogprobs = List.of();
    final StringBuilder text = new StringBuilder();
    private int logprobsSent;
    boolean started;
    @Nullable String finishReason;

    ChoiceOutput(int index, int promptIndex, Tokenizer tokenizer, List<String> stops) {
        this(index, promptIndex, tokenizer, stops, new int[0]);
    }

    /**
     * @param keptSpecialTokens special tokens that are text here (a tool-call marker such as
     *                          Mistral's {@code [TOOL_CALLS]}, which the parser must see)
     */
    ChoiceOutput(int index, int promptIndex, Tokenizer tokenizer, List<String> stops, int[] keptSpecialTokens) {
        this.index = index;
        this.promptIndex = promptIndex;
        this.tokenizer = tokenizer;
        this.decoder = tokenizer.streamDecoder(true);
        this.stops = new StopStringMatcher(stops);
        this.keptSpecialTokens = keptSpecialTokens.clone();
    }

    /** A new token; returns the text it releases (possibly empty). May finish the choice (stop string). */
    String onToken(int token, @Nullable Logprobs lp) {
        tokens.add(token);
        if (lp != null) {
            logprobs.add(lp);
        }
        String decoded = kept(token) ? decoder.finish() + tokenizer.token(token) : decoder.next(token);
        String piece = stops.accept(decoded);
        text.append(piece);
        if (stops.stopped()) {
            finishReason = "stop";
        }
        return piece;
    }

    /** The scheduler finished the sequence; returns the text still held back. */
    String onFinished(String reason) {
        String piece = stops.accept(decoder.finish());
        if (!stops.stopped()) {
            piece += stops.flush();
        }
        finishReason = stops.stopped() ? "stop" : reason;
        text.append(piece);
        return piece;
    }

    private boolean kept(int token) {
        for (int k : keptSpecialTokens) {
            if (k == token) {
                return true;
            }
        }
        return false;
    }

    boolean done() {
        return finishReason != null;
    }

    /** Logprobs not handed out by a previous call (streaming sends each once). */
    List<Logprobs> takeNewLogprobs() {
        List<Logprobs> out = List.copyOf(logprobs.subList(logprobsSent, logprobs.size()));
        logprobsSent = logprobs.size();
        return out;
    }
}
