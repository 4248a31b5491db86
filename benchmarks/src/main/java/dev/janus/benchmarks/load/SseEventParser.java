package dev.janus.benchmarks.load;

/**
 * Server-sent events from a stream's lines, as the WHATWG HTML spec's "event stream
 * interpretation" (§9.2.6): {@code data:} fields of one event are joined with a newline, an empty
 * line dispatches it, lines starting with {@code :} are comments, other fields are ignored.
 * One instance per response; not thread-safe.
 */
final class SseEventParser {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** One line without its terminator; the event's data when this line completes an event, else null. */
    String line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        if (!field.equals("data")) {
            return null; // event:, id:, retry: carry nothing a completion stream needs
        }
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (hasData) {
            data.append('\n');
        }
        data.append(value);
        hasData = true;
        return null;
    }

    /**
     * The end of the stream. The spec discards an event without its closing empty line; a
     * truncated stream must not look complete, so this drops it as well.
     */
    void finish() {
        data.setLength(0);
        hasData = false;
    }

    private String dispatch() {
        if (!hasData) {
            return null;
        }
        String event = data.toString();
        data.setLength(0);
        hasData = false;
        return event;
    }
}
