package dev.janus.comm.scaling.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A user's trace: CSV with the header {@code arrival_time_s,prompt_tokens,output_tokens} and one
 * request per line, arrival times in seconds from the start, non-decreasing. Read in one pass
 * into slices of Δ plus the single requests' lengths ({@link RequestLengths}: the simulator uses
 * each request's own lengths, 12 bytes a request). Every error names the file, the line and what
 * was wrong; blank lines and lines starting with {@code #} are skipped.
 */
public final class CsvTrace {

    public static final String HEADER = "arrival_time_s,prompt_tokens,output_tokens";

    private CsvTrace() {
    }

    public static SliceTrace read(Path file, double sliceSeconds) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), sliceSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trace " + file + ": " + e.getMessage(), e);
        }
    }

    static SliceTrace read(BufferedReader in, String name, double dt) throws IOException {
        SliceGrowth slices = new SliceGrowth();
        String line;
        int number = 0;
        boolean header = false;
        double last = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!text.replace(" ", "").equalsIgnoreCase(HEADER)) {
                    throw error(name, number, "expected the header '" + HEADER + "', got '" + text + "'");
                }
                header = true;
                continue;
            }
            String[] cells = text.split(",", -1);
            if (cells.length != 3) {
                throw error(name, number, "expected 3 columns (" + HEADER + "), got " + cells.length);
            }
            double t = number(cells[0], name, number, "arrival_time_s");
            long prompt = tokens(cells[1], name, number, "prompt_tokens", 0);
            long output = tokens(cells[2], name, number, "output_tokens", 1);
            if (t < 0 || t < last) {
                throw error(name, number, "arrival_time_s " + cells[0].strip() + (t < 0 ? " is negative"
                        : " is before the previous line's " + last + " (the file must be sorted by arrival)"));
            }
            last = t;
            slices.add((int) (t / dt), prompt, output);
        }
        if (!header) {
            throw error(name, number, "empty trace: expected the header '" + HEADER + "' and at least one request");
        }
        if (slices.size() == 0) {
            throw error(name, number, "the trace has a header but no requests");
        }
        return slices.toTrace(name, dt);
    }

    private static double number(String cell, String name, int line, String column) {
        try {
            double v = Double.parseDouble(cell.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(name, line, column + " '" + cell.strip() + "' is not a number");
        }
    }

    private static long tokens(String cell, String name, int line, String column, long min) {
        try {
            long v = Long.parseLong(cell.strip());
            if (v < min || v > Integer.MAX_VALUE) {
                throw error(name, line, column + " " + v + " must be >= " + min + " and <= " + Integer.MAX_VALUE);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(name, line, column + " '" + cell.strip() + "' is not a whole number of tokens");
        }
    }

    private static IllegalArgumentException error(String name, int line, String what) {
        return new IllegalArgumentException(name + ":" + line + ": " + what);
    }
}
