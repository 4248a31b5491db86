package dev.janus.model.tools;

/**
 * Finds where one JSON value ends in text that arrives in pieces, without parsing it: tracks
 * nesting depth and whether it is inside a string (escapes included). Leading whitespace is
 * skipped and not part of the value. A bare scalar (number, true, ...) ends before the first
 * delimiter after it. Not thread-safe.
 */
final class JsonValueScanner {

    private static final String SCALAR_END = ",}] \t\r\n";

    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean started;
    private boolean scalar;
    private boolean done;
    private int valueStart = -1;

    /**
     * Consumes as much of {@code text} from {@code from} as belongs to the value.
     *
     * @return the index after the last consumed character; characters before the value's first
     *         one (whitespace) are consumed but are not part of it, see {@link #valueStart}
     */
    int scan(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && !done) {
            char c = text.charAt(i);
            if (!started) {
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                started = true;
                valueStart = i;
                if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth = 1;
                } else {
                    scalar = true;
                }
                i++;
                continue;
            }
            if (scalar) {
                if (SCALAR_END.indexOf(c) >= 0) {
                    done = true;
                    break;
                }
            } else if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    done = depth == 0;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                done = --depth == 0;
            }
            i++;
        }
        return i;
    }

    /** Index of the value's first character in the last {@link #scan}'s text, -1 before it started. */
    int valueStart() {
        return valueStart;
    }

    boolean started() {
        return started;
    }

    boolean done() {
        return done;
    }

    /** At the end of the text a bare scalar ends too. */
    boolean doneAtEnd() {
        return done || (scalar && started);
    }
}
