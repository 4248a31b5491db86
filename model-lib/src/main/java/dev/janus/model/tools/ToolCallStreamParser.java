package dev.janus.model.tools;

import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a model's output as it is generated and splits it into content and function calls of
 * one {@link ToolCallSyntax}, streaming each call's arguments piece by piece (vLLM's streaming
 * tool parsers' job). Text that could be the start of a marker is held back until it is known.
 * Whitespace between and after calls is dropped. Output that breaks the syntax before a call
 * was announced becomes content again, as written; after that, the rest is content. Not
 * thread-safe: one per generated sequence.
 */
public final class ToolCallStreamParser {

    private enum State { CONTENT, LIST_OPEN, OPEN, DS_TYPE, DS_NAME, DS_FENCE, KEY, COLON, VALUE, AFTER_OBJECT, LIST_NEXT, DS_CLOSE, RAW }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolCallSyntax syntax;
    private final StringBuilder buf = new StringBuilder(); // all output so far; positions are absolute
    private int pos;           // consumed up to here
    private State state = State.CONTENT;
    private int regionStart;   // where the current call region's marker began (for a fallback to content)
    private int calls;         // calls announced
    private boolean callNamed; // the current call has emitted CallStarted
    private String key;        // the current call object's key (Hermes/Mistral)
    private JsonValueScanner value;
    private final StringBuilder pendingArguments = new StringBuilder(); // arguments seen before the name
    private boolean sawArguments;
    private final StringBuilder trailing = new StringBuilder(); // content after calls, held while whitespace

    public ToolCallStreamParser(ToolCallSyntax syntax) {
        this.syntax = syntax;
    }

    /** The whole output at once (a non-streamed response). */
    public static List<ToolCallEvent> parse(ToolCallSyntax syntax, String output) {
        ToolCallStreamParser p = new ToolCallStreamParser(syntax);
        List<ToolCallEvent> events = new ArrayList<>(p.feed(output));
        events.addAll(p.finish());
        return events;
    }

    /** The next piece of output; returns what it completes. */
    public List<ToolCallEvent> feed(String text) {
        buf.append(text);
        List<ToolCallEvent> out = new ArrayList<>();
        while (step(out, false)) {
            // each step consumes something or waits for more text
        }
        return out;
    }

    /** The output ended: releases held-back text; an unfinished call keeps what it streamed. */
    public List<ToolCallEvent> finish() {
        List<ToolCallEvent> out = new ArrayList<>();
        while (step(out, true)) {
            // as in feed, but nothing more will come
        }
        if (pos < buf.length() && (state == State.CONTENT || state == State.RAW)) {
            content(out, buf.substring(pos));
        } else if (pos < buf.length() && !callNamed && calls == 0) {
            content(out, buf.substring(regionStart)); // never became a call
        } else if (callNamed && !sawArguments) {
            argumentsPiece(out, pendingArguments.isEmpty() ? "{}" : pendingArguments.toString());
        }
        pos = buf.length();
        if (!trailing.toString().isBlank() && calls > 0) {
            out.add(new ToolCallEvent.Content(trailing.toString()));
        }
        trailing.setLength(0);
        return out;
    }

    /** One state transition; false when it must wait for more text (or the text is consumed). */
    private boolean step(List<ToolCallEvent> out, boolean atEnd) {
        switch (state) {
            case CONTENT -> {
                String marker = syntax.regionMarker();
                int at = buf.indexOf(marker, pos);
                if (at < 0) {
                    int hold = atEnd ? 0 : heldBack(marker);
                    content(out, buf.substring(pos, buf.length() - hold));
                    pos = buf.length() - hold;
                    return false;
                }
                content(out, buf.substring(pos, at));
                regionStart = at;
                pos = at + marker.length();
                state = syntax == ToolCallSyntax.MISTRAL ? State.LIST_OPEN : State.OPEN;
                return true;
            }
            case LIST_OPEN -> {
                return expect("[", State.OPEN, out, atEnd);
            }
            case OPEN -> {
                return syntax == ToolCallSyntax.DEEPSEEK ? dsOpen(out, atEnd) : expect("{", State.KEY, out, atEnd);
            }
            case DS_TYPE -> {
                return until("<｜tool▁sep｜>", State.DS_NAME) != null;
            }
            case DS_NAME -> {
                String name = until("\n", State.DS_FENCE);
                if (name == null) {
                    return false;
                }
                announce(out, name.strip());
                return true;
            }
            case DS_FENCE -> {
                skipWhitespace();
                if (startsWith("```json")) {
                    pos += "```json".length();
                } else if (remaining().isEmpty() || "```json".startsWith(remaining())) {
                    return false;
                }
                key = "arguments";
                value = new JsonValueScanner();
                state = State.VALUE;
                return true;
            }
            case KEY -> {
                return key(out, atEnd);
            }
            case COLON -> {
                if (!expect(":", State.VALUE, out, atEnd)) {
                    return false;
                }
                value = new JsonValueScanner();
                return true;
            }
            case VALUE -> {
                return value(out);
            }
            case AFTER_OBJECT -> {
                return afterObject(out, atEnd);
            }
            case LIST_NEXT -> {
                skipWhitespace();
                if (startsWith(",")) {
                    pos++;
                    state = State.OPEN;
                    return true;
                }
                return expect("]", State.CONTENT, out, atEnd);
            }
            case DS_CLOSE -> {
                skipWhitespace();
                if (!atEnd && !remaining().isEmpty() && "```".startsWith(remaining()) && !remaining().equals("```")) {
                    return false;
                }
                if (startsWith("```")) {
                    pos += 3;
                    skipWhitespace();
                }
                return expect("<｜tool▁call▁end｜>", State.OPEN, out, atEnd);
            }
            case RAW -> {
                content(out, buf.substring(pos));
                pos = buf.length();
                return false;
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    /** DeepSeek: another call, or the end of the region. */
    private boolean dsOpen(List<ToolCallEvent> out, boolean atEnd) {
        skipWhitespace();
        String end = syntax.end();
        if (startsWith(end)) {
            pos += end.length();
            state = State.CONTENT;
            return true;
        }
        if (!atEnd && !remaining().isEmpty() && end.startsWith(remaining())) {
            return false;
        }
        return expect("<｜tool▁call▁begin｜>", State.DS_TYPE, out, atEnd);
    }

    private boolean key(List<ToolCallEvent> out, boolean atEnd) {
        skipWhitespace();
        if (startsWith("}")) {
            pos++;
            endCall(out);
            state = syntax == ToolCallSyntax.MISTRAL ? State.LIST_NEXT : State.AFTER_OBJECT;
            return true;
        }
        if (startsWith(",")) {
            pos++;
            return true;
        }
        if (!startsWith("\"")) {
            return remaining().isEmpty() ? false : malformed(out);
        }
        JsonValueScanner s = new JsonValueScanner();
        int end = s.scan(buf, pos);
        if (!s.done()) {
            return atEnd ? malformed(out) : false;
        }
        key = jsonString(buf.substring(pos, end));
        if (key == null) {
            return malformed(out);
        }
        pos = end;
        state = State.COLON;
        return true;
    }

    private boolean value(List<ToolCallEvent> out) {
        int from = pos;
        pos = value.scan(buf, pos);
        boolean arguments = "arguments".equals(key) || "parameters".equals(key);
        if (arguments && value.started()) {
            String piece = buf.substring(Math.max(from, value.valueStart()), pos);
            if (!piece.isEmpty()) {
                sawArguments = true;
                if (callNamed) {
                    argumentsPiece(out, piece);
                } else {
                    pendingArguments.append(piece);
                }
            }
        }
        if (!value.done()) {
            return false;
        }
        if ("name".equals(key)) {
            String name = jsonString(buf.substring(value.valueStart(), pos));
            if (name == null) {
                return malformed(out);
            }
            announce(out, name);
            if (!pendingArguments.isEmpty()) {
                argumentsPiece(out, pendingArguments.toString());
            }
        }
        key = null;
        state = syntax == ToolCallSyntax.DEEPSEEK ? State.DS_CLOSE : State.KEY;
        if (syntax == ToolCallSyntax.DEEPSEEK) {
            endCall(out);
        }
        return true;
    }

    private boolean afterObject(List<ToolCallEvent> out, boolean atEnd) {
        return expect("</tool_call>", State.CONTENT, out, atEnd); // Hermes only
    }

    /** Whitespace, then {@code literal}; moves to {@code next}. Waits while the text is a prefix of it. */
    private boolean expect(String literal, State next, List<ToolCallEvent> out, boolean atEnd) {
        skipWhitespace();
        if (startsWith(literal)) {
            pos += literal.length();
            state = next;
            return true;
        }
        if (!atEnd && literal.startsWith(remaining())) {
            return false;
        }
        return malformed(out);
    }

    /** The text up to {@code literal} (consumed with it), or null while it has not come. */
    private String until(String literal, State next) {
        int at = buf.indexOf(literal, pos);
        if (at < 0) {
            return null;
        }
        String text = buf.substring(pos, at);
        pos = at + literal.length();
        state = next;
        return text;
    }

    private void announce(List<ToolCallEvent> out, String name) {
        out.add(new ToolCallEvent.CallStarted(calls, name));
        calls++;
        callNamed = true;
    }

    private void argumentsPiece(List<ToolCallEvent> out, String piece) {
        out.add(new ToolCallEvent.Arguments(calls - 1, piece));
    }

    private void endCall(List<ToolCallEvent> out) {
        if (!callNamed) {
            malformed(out);
            return;
        }
        if (!sawArguments) {
            argumentsPiece(out, "{}");
        }
        callNamed = false;
        sawArguments = false;
        pendingArguments.setLength(0);
    }

    /** The syntax broke: what was not announced as a call is content again, and so is the rest. */
    private boolean malformed(List<ToolCallEvent> out) {
        int from = callNamed || calls > 0 ? pos : regionStart;
        state = State.RAW;
        callNamed = false;
        if (from < buf.length()) {
            content(out, buf.substring(from));
        }
        pos = buf.length();
        return false;
    }

    private void content(List<ToolCallEvent> out, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (calls == 0) {
            out.add(new ToolCallEvent.Content(text));
            return;
        }
        trailing.append(text);
        if (!trailing.toString().isBlank()) {
            out.add(new ToolCallEvent.Content(trailing.toString()));
            trailing.setLength(0);
        }
    }

    /** Length of the longest end of the unconsumed text that starts {@code marker}. */
    private int heldBack(String marker) {
        int max = Math.min(marker.length() - 1, buf.length() - pos);
        for (int k = max; k > 0; k--) {
            if (marker.startsWith(buf.substring(buf.length() - k))) {
                return k;
            }
        }
        return 0;
    }

    private void skipWhitespace() {
        while (pos < buf.length() && Character.isWhitespace(buf.charAt(pos))) {
            pos++;
        }
    }

    private boolean startsWith(String literal) {
        if (buf.length() - pos < literal.length()) {
            return false;
        }
        for (int i = 0; i < literal.length(); i++) {
            if (buf.charAt(pos + i) != literal.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String remaining() {
        return buf.substring(pos);
    }

    /** The value of a JSON string literal, or null when it is not one. */
    private static String jsonString(String literal) {
        try {
            JsonNode node = JSON.readTree(literal);
            return node != null && node.isTextual() ? node.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
