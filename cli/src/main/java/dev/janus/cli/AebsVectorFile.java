package dev.janus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An AEBS test-vector file (fixtures/aebs/README.md): line 1 {@code AEBSVEC 1}; line 2
 * {@code E k N C P T B npol}; line 3 the policy names; line 4 the logical expert of each of the
 * P physical slots; then B batches, each {@code T*k} route ints (token-major) followed, per
 * policy, by {@code T*k} physical ids and a line {@code amax <a_max>}. Whitespace-separated.
 */
public record AebsVectorFile(int logicalExperts, int topK, int instances, int slotsPerInstance,
                             int tokens, List<String> policies, int[] slots, List<Batch> batches) {

    /** One batch: the routing and, per policy of the header, the expected plan. */
    public record Batch(int[] route, int[][] physical, int[] aMax) {
    }

    public int physicalExperts() {
        return slots.length;
    }

    public static AebsVectorFile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static AebsVectorFile parse(String text) {
        Tokens in = new Tokens(text.strip().split("\\s+"));
        in.expect("AEBSVEC");
        in.expect("1");
        int e = in.nextInt("E");
        int k = in.nextInt("k");
        int n = in.nextInt("N");
        int c = in.nextInt("C");
        int p = in.nextInt("P");
        int t = in.nextInt("T");
        int b = in.nextInt("B");
        int npol = in.nextInt("npol");
        if (p != n * c) {
            throw new IllegalArgumentException("header says P = " + p + " but N * C = " + n * c);
        }
        List<String> policies = new ArrayList<>();
        for (int i = 0; i < npol; i++) {
            policies.add(in.next("policy name"));
        }
        int[] slots = in.ints(p, "slot");
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            int[] route = in.ints(t * k, "route");
            int[][] physical = new int[npol][];
            int[] aMax = new int[npol];
            for (int j = 0; j < npol; j++) {
                physical[j] = in.ints(t * k, "physical id");
                in.expect("amax");
                aMax[j] = in.nextInt("amax");
            }
            batches.add(new Batch(route, physical, aMax));
        }
        if (in.hasNext()) {
            throw new IllegalArgumentException("unexpected trailing content at token " + in.position);
        }
        return new AebsVectorFile(e, k, n, c, t, List.copyOf(policies), slots, List.copyOf(batches));
    }

    /** The file in its own format, with only the given policies, plans from the caller. */
    public static void writeHeader(StringBuilder out, AebsVectorFile file, List<String> policies) {
        out.append("AEBSVEC 1\n");
        out.append(file.logicalExperts).append(' ').append(file.topK).append(' ').append(file.instances)
                .append(' ').append(file.slotsPerInstance).append(' ').append(file.physicalExperts())
                .append(' ').append(file.tokens).append(' ').append(file.batches.size()).append(' ')
                .append(policies.size()).append('\n');
        out.append(String.join(" ", policies)).append('\n');
        appendInts(out, file.slots, file.slots.length);
    }

    public static void appendInts(StringBuilder out, int[] values, int length) {
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(values[i]);
        }
        out.append('\n');
    }

    private static final class Tokens {
        private final String[] items;
        private int position;

        Tokens(String[] items) {
            this.items = items;
        }

        boolean hasNext() {
            return position < items.length && !items[position].isEmpty();
        }

        String next(String what) {
            if (!hasNext()) {
                throw new IllegalArgumentException("file ends where " + what + " was expected (token " + position + ")");
            }
            return items[position++];
        }

        void expect(String literal) {
            String got = next("'" + literal + "'");
            if (!got.equals(literal)) {
                throw new IllegalArgumentException("expected '" + literal + "' at token " + (position - 1) + ", got '" + got + "'");
            }
        }

        int nextInt(String what) {
            String s = next(what);
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer " + what + " at token " + (position - 1) + ", got '" + s + "'");
            }
        }

        int[] ints(int n, String what) {
            int[] values = new int[n];
            for (int i = 0; i < n; i++) {
                values[i] = nextInt(what);
            }
            return values;
        }
    }
}
