package dev.janus.model.tools;

import dev.janus.model.config.ModelFamily;
import dev.janus.model.tokenizer.Tokenizer;
import java.util.OptionalInt;

/**
 * How a model family writes function calls, as the families' chat templates render assistant
 * turns with {@code tool_calls} (and vLLM's parsers of the same names read them back):
 * <ul>
 * <li>{@link #HERMES} (Qwen2/3, Hermes, the generic default):
 *     {@code <tool_call>\n{"name": "f", "arguments": {...}}\n</tool_call>}, one block per call,
 *     blocks separated by a newline;</li>
 * <li>{@link #MISTRAL}: {@code [TOOL_CALLS][{"name": "f", "arguments": {...}}, ...]};</li>
 * <li>{@link #DEEPSEEK} (V2.5/V3): {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>f\n```json\n{...}\n```<｜tool▁call▁end｜>}
 *     with further calls after a newline and {@code <｜tool▁calls▁end｜>} at the end.</li>
 * </ul>
 * The literals below are the canonical spelling: constrained decoding writes exactly it, the
 * parser also reads looser whitespace. A literal may be one token of the vocabulary (Qwen's
 * {@code <tool_call>}, Mistral's {@code [TOOL_CALLS]}) or be spelled by byte tokens.
 *
 * @param start     opens the tool-call region (the first call's marker for Hermes)
 * @param callOpen  before each call's name (after {@code start} for the first call)
 * @param nameEnd   between the name and the arguments object
 * @param callClose after the arguments object
 * @param between   between two calls
 * @param end       closes the region
 */
public enum ToolCallSyntax {
    HERMES("", "<tool_call>\n{\"name\": \"", "\", \"arguments\": ", "}\n</tool_call>", "\n", ""),
    MISTRAL("[TOOL_CALLS][", "{\"name\": \"", "\", \"arguments\": ", "}", ", ", "]"),
    DEEPSEEK("<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>function<｜tool▁sep｜>", "\n```json\n",
            "\n```<｜tool▁call▁end｜>", "\n", "<｜tool▁calls▁end｜>");

    private final String start;
    private final String callOpen;
    private final String nameEnd;
    private final String callClose;
    private final String between;
    private final String end;

    ToolCallSyntax(String start, String callOpen, String nameEnd, String callClose, String between, String end) {
        this.start = start;
        this.callOpen = callOpen;
        this.nameEnd = nameEnd;
        this.callClose = callClose;
        this.between = between;
        this.end = end;
    }

    /**
     * The syntax a model uses: the one its chat template writes, if it writes one; else its
     * family's (Mixtral → Mistral, DeepSeek → DeepSeek, others → Hermes, the convention most
     * fine-tunes and vLLM's generic parser follow).
     */
    public static ToolCallSyntax of(ModelFamily family, String chatTemplateSource) {
        String t = chatTemplateSource == null ? "" : chatTemplateSource;
        if (t.contains("<tool_call>")) {
            return HERMES;
        }
        if (t.contains("[TOOL_CALLS]")) {
            return MISTRAL;
        }
        if (t.contains("tool▁call▁begin") || t.contains("tool▁calls▁begin")) {
            return DEEPSEEK;
        }
        return switch (family) {
            case MIXTRAL -> MISTRAL;
            case DEEPSEEK_V2, DEEPSEEK_V3 -> DEEPSEEK;
            default -> HERMES;
        };
    }

    /** The marker whose appearance in the output starts the tool-call region. */
    String regionMarker() {
        return switch (this) {
            case HERMES -> "<tool_call>"; // each call's own marker: there is no region start
            case MISTRAL -> "[TOOL_CALLS]"; // the list's "[" may follow after whitespace
            case DEEPSEEK -> start;
        };
    }

    /** The text of one call, canonical spelling (name and arguments as given). */
    public String call(String name, String arguments) {
        return callOpen + name + nameEnd + arguments + callClose;
    }

    public String start() {
        return start;
    }

    public String callOpen() {
        return callOpen;
    }

    public String nameEnd() {
        return nameEnd;
    }

    public String callClose() {
        return callClose;
    }

    public String between() {
        return between;
    }

    public String end() {
        return end;
    }

    /**
     * The markers that are <em>special</em> tokens of this tokenizer (a real Mistral's
     * {@code [TOOL_CALLS]}): decoding must keep them and constrained decoding may write them.
     */
    public int[] specialMarkerIds(Tokenizer tokenizer) {
        return markerTokens().stream().map(tokenizer::tokenId).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).filter(tokenizer::isSpecial).toArray();
    }

    /** Literals that may be single tokens of a vocabulary, e.g. {@code [TOOL_CALLS]}. */
    public java.util.List<String> markerTokens() {
        return switch (this) {
            case HERMES -> java.util.List.of("<tool_call>", "</tool_call>");
            case MISTRAL -> java.util.List.of("[TOOL_CALLS]");
            case DEEPSEEK -> java.util.List.of("<｜tool▁calls▁begin｜>", "<｜tool▁call▁begin｜>", "<｜tool▁sep｜>",
                    "<｜tool▁call▁end｜>", "<｜tool▁calls▁end｜>");
        };
    }
}
