package dev.janus.model.chat;

import java.util.Map;

/**
 * Python {@code json.dumps(value, ensure_ascii=False, indent=indent)} — the {@code tojson} that
 * HF's chat-template environment installs (not Jinja2's HTML-escaping one): separators
 * {@code ", "} and {@code ": "} without indent, {@code ","} and newlines with it.
 */
final class PyJson {

    private PyJson() {
    }

    static String dumps(Object value, Integer indent) {
        StringBuilder out = new StringBuilder();
        write(value, indent, 0, out);
        return out.toString();
    }

    private static void write(Object v, Integer indent, int depth, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case CharSequence s -> string(s.toString(), out);
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString());
            case Float f -> write(f.doubleValue(), indent, depth, out);
            case Number n -> out.append(n);
            case Map<?, ?> map -> container(map.entrySet(), '{', '}', indent, depth, out, (e, o) -> {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) e;
                string(String.valueOf(entry.getKey()), o);
                o.append(": ");
                write(entry.getValue(), indent, depth + 1, o);
            });
            case Iterable<?> list -> container(list, '[', ']', indent, depth, out, (e, o) -> write(e, indent, depth + 1, o));
            case Object[] array -> write(java.util.Arrays.asList(array), indent, depth, out);
            default -> string(v.toString(), out);
        }
    }

    private static void container(Iterable<?> items, char open, char close, Integer indent, int depth,
            StringBuilder out, java.util.function.BiConsumer<Object, StringBuilder> item) {
        out.append(open);
        boolean first = true;
        for (Object e : items) {
            if (!first) {
                out.append(indent == null ? ", " : ",");
            }
            if (indent != null) {
                out.append('\n').append(" ".repeat(indent * (depth + 1)));
            }
            item.accept(e, out);
            first = false;
        }
        if (indent != null && !first) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
        out.append(close);
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
