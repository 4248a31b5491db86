package dev.janus.model.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python slice {@code [start:stop:step]}; the template rewriter turns
 * {@code x[a:b:c]} into {@code x[janus_py_slice(a, b, c)]} because Jinjava's parser only knows
 * two-part slices, and {@link PyResolver} applies it to lists and strings. Jinjava converts a
 * subscript to a string before resolving it, so the function returns a marker string that
 * {@link #parse} reads back.
 */
record PySlice(Integer start, Integer stop, int step) {

    private static final String MARKER = "\u0000janus_py_slice:";

    /** The template function behind {@code janus_py_slice}; {@code none} parts are null. */
    public static String of(Object start, Object stop, Object step) {
        int s = step == null ? 1 : ((Number) step).intValue();
        if (s == 0) {
            throw new IllegalArgumentException("slice step cannot be zero");
        }
        return MARKER + (start == null ? "" : ((Number) start).intValue()) + ":"
                + (stop == null ? "" : ((Number) stop).intValue()) + ":" + s;
    }

    /** The slice a subscript stands for, or null when it is not a slice marker. */
    static PySlice parse(Object subscript) {
        if (!(subscript instanceof String s) || !s.startsWith(MARKER)) {
            return null;
        }
        String[] parts = s.substring(MARKER.length()).split(":", -1);
        return new PySlice(parts[0].isEmpty() ? null : Integer.valueOf(parts[0]),
                parts[1].isEmpty() ? null : Integer.valueOf(parts[1]), Integer.parseInt(parts[2]));
    }

    List<Object> apply(List<?> list) {
        List<Object> out = new ArrayList<>();
        for (int i : indices(list.size())) {
            out.add(list.get(i));
        }
        return out;
    }

    String apply(String s) {
        StringBuilder out = new StringBuilder();
        for (int i : indices(s.length())) {
            out.append(s.charAt(i));
        }
        return out.toString();
    }

    /** CPython {@code PySlice_AdjustIndices}. */
    private int[] indices(int length) {
        int lo;
        int hi;
        if (step > 0) {
            lo = start == null ? 0 : clamp(start, length, 0, length);
            hi = stop == null ? length : clamp(stop, length, 0, length);
        } else {
            lo = start == null ? length - 1 : clamp(start, length, -1, length - 1);
            hi = stop == null ? -1 : clamp(stop, length, -1, length - 1);
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = lo; step > 0 ? i < hi : i > hi; i += step) {
            idx.add(i);
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int clamp(int index, int length, int min, int max) {
        int i = index < 0 ? index + length : index;
        return Math.max(min, Math.min(max, i));
    }
}
