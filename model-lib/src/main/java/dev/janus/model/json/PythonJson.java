package dev.janus.model.json;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Python's {@code json.dumps}, byte for byte, for the three places that must look like files
 * written by Python or Rust: HF {@code config.json} ({@code indent=2, sort_keys=True}, default
 * {@code ensure_ascii}), the chat-template {@code tojson} filter ({@code ensure_ascii=False}) and
 * safetensors header strings (serde_json escapes exactly what {@code ensure_ascii=False} does).
 *
 * <p>Separators are Python's defaults: {@code ", "} / {@code ": "} without indent, {@code ","}
 * and a newline with it. Floats use {@code repr} (1e-05, 1000000.0, 1e+16; NaN, Infinity).
 * Values: null, CharSequence, Boolean, Number, Map, Iterable and arrays (primitive or not);
 * anything else goes through {@code fallback} (Python's {@code default=}) or is rejected.
 */
public final class PythonJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Python sorts str keys by code point; String.compareTo would order by UTF-16 unit. */
    private static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };

    private final Integer indent;
    private final boolean sortKeys;
    private final boolean ensureAscii;
    private final Function<Object, ?> fallback;

    private PythonJson(Integer indent, boolean sortKeys, boolean ensureAscii, Function<Object, ?> fallback) {
        this.indent = indent;
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
        this.fallback = fallback;
    }

    /**
     * {@code json.dumps(value, indent=indent, sort_keys=sortKeys, ensure_ascii=ensureAscii)};
     * a value of another type throws IllegalArgumentException (Python's TypeError).
     */
    public static String dumps(Object value, Integer indent, boolean sortKeys, boolean ensureAscii) {
        return dumps(value, indent, sortKeys, ensureAscii, null);
    }

    /**
     * As {@link #dumps(Object, Integer, boolean, boolean)} with Python's {@code default=fallback}:
     * a value of another type (or a map key of another type) is replaced by what it returns.
     */
    public static String dumps(Object value, Integer indent, boolean sortKeys, boolean ensureAscii,
            Function<Object, ?> fallback) {
        StringBuilder sb = new StringBuilder();
        new PythonJson(indent, sortKeys, ensureAscii, fallback).write(sb, value, 0);
        return sb.toString();
    }

    /**
     * A quoted JSON string: {@code "}, {@code \}, and controls below 0x20 escaped ({@code \n}
     * etc., else <code>&#92;u00XX</code>, lower-case hex as Python and serde_json write it); with
     * {@code ensureAscii} also everything outside 0x20..0x7E, non-BMP characters as their
     * surrogate pair (<code>&#92;ud83d&#92;ude00</code>).
     */
    public static void appendString(StringBuilder sb, String s, boolean ensureAscii) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || ensureAscii && c > 0x7E) {
                        sb.append("\\u").append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 0xF])
                                .append(HEX[(c >>> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * A float as {@code json.dumps} writes it: Python {@code repr(float)} (shortest round-trip
     * digits, exponent form when the decimal exponent is below -4 or at least 16) and
     * NaN / Infinity / -Infinity.
     */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
        if (d == 0) {
            return sign + "0.0";
        }
        double a = Math.abs(d);
        // Double.toString gives the shortest round-tripping digits (JDK 19+) but never fewer than
        // two: where one digit round-trips (only subnormals such as 5e-324) Python prints one.
        BigDecimal b = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        if (b.precision() == 2) {
            BigDecimal one = new BigDecimal(a).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == a) {
                b = one.stripTrailingZeros();
            }
        }
        String digits = b.unscaledValue().toString();
        int decpt = digits.length() - b.scale(); // value = 0.DIGITS × 10^decpt
        if (decpt <= -4 || decpt > 16) {
            int exp = decpt - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        if (decpt <= 0) {
            return sign + "0." + "0".repeat(-decpt) + digits;
        }
        if (decpt >= digits.length()) {
            return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }

    private void write(StringBuilder sb, Object v, int depth) {
        switch (v) {
            case null -> sb.append("null");
            case CharSequence s -> appendString(sb, s.toString(), ensureAscii);
            case Boolean b -> sb.append(b ? "true" : "false");
            case Double d -> sb.append(floatRepr(d));
            case Float f -> sb.append(floatRepr(f.doubleValue()));
            case Number n -> sb.append(n);
            case Map<?, ?> map -> writeObject(sb, map, depth);
            case Iterable<?> items -> {
                List<Object> list = new ArrayList<>();
                items.forEach(list::add);
                writeArray(sb, list, depth);
            }
            case Object array when array.getClass().isArray() -> {
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < Array.getLength(array); i++) {
                    list.add(Array.get(array, i));
                }
                writeArray(sb, list, depth);
            }
            default -> write(sb, replace(v), depth);
        }
    }

    private void writeArray(StringBuilder sb, List<Object> list, int depth) {
        if (list.isEmpty()) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            separate(sb, i == 0, depth + 1);
            write(sb, list.get(i), depth + 1);
        }
        newline(sb, depth);
        sb.append(']');
    }

    private void writeObject(StringBuilder sb, Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(key(e.getKey()), e.getValue()));
        }
        if (sortKeys) {
            entries.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
        }
        sb.append('{');
        for (int i = 0; i < entries.size(); i++) {
            separate(sb, i == 0, depth + 1);
            appendString(sb, entries.get(i).getKey(), ensureAscii);
            sb.append(": ");
            write(sb, entries.get(i).getValue(), depth + 1);
        }
        newline(sb, depth);
        sb.append('}');
    }

    /** Python's key coercion: str as is; float, int, bool and None as their JSON text. */
    private String key(Object k) {
        return switch (k) {
            case null -> "null";
            case CharSequence s -> s.toString();
            case Boolean b -> b ? "true" : "false";
            case Double d -> floatRepr(d);
            case Float f -> floatRepr(f.doubleValue());
            case Number n -> n.toString();
            default -> key(replace(k));
        };
    }

    private Object replace(Object v) {
        if (fallback == null) {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
        return fallback.apply(v);
    }

    private void separate(StringBuilder sb, boolean first, int depth) {
        if (!first) {
            sb.append(indent == null ? ", " : ",");
        }
        newline(sb, depth);
    }

    private void newline(StringBuilder sb, int depth) {
        if (indent != null) {
            sb.append('\n').append(" ".repeat(Math.max(0, indent) * depth));
        }
    }
}
