package dev.janus.comm.scaling.sim;

/**
 * The single requests of a user's trace (CSV), kept so that the simulator uses each one's own
 * lengths instead of its slice's means (12 bytes a request), in arrival order.
 *
 * <p>Two things change with per-request lengths:
 * <ul>
 *   <li>the decode batch's mean context: a request stays in the batch in proportion to its output
 *       length, so the batch holds long requests more than their share of arrivals. Its mean
 *       context is the output-weighted {@code Σ O_i·(P_i + O_i/2) / Σ O_i}, not
 *       {@code mean P + mean O / 2} ({@link #decodeContext});</li>
 *   <li>SLO attainment: request i's TPOT is the mean step time over its own lifetime, the slices
 *       from its arrival until its O_i tokens are out at the TPOT it meets there
 *       ({@link #tally}), not the TPOT of its arrival slice.</li>
 * </ul>
 * Worked example (a test): slices of 1 s with TPOT 10, 10, 40, 40 ms; a request at slice 0 with
 * 100 tokens lives 100 × 10 ms = 1 s, one slice, TPOT 10 ms; one with 300 tokens lives 3 slices,
 * TPOT (10 + 10 + 40) / 3 = 20 ms. With an SLO of 15 ms the first meets it, the second does not.
 *
 * @param slice  [requests] arrival slice
 * @param prompt [requests] prompt tokens
 * @param output [requests] output tokens
 */
public record RequestLengths(int[] slice, int[] prompt, int[] output) {

    public RequestLengths {
        if (slice.length != prompt.length || slice.length != output.length) {
            throw new IllegalArgumentException("per-request columns must be equally long");
        }
    }

    public int count() {
        return slice.length;
    }

    /** [slices] output-weighted mean decode context of each slice's arrivals (NaN where none arrived). */
    public double[] decodeContext(int slices) {
        double[] weighted = new double[slices];
        double[] outputs = new double[slices];
        for (int i = 0; i < slice.length; i++) {
            weighted[slice[i]] += (double) output[i] * (prompt[i] + output[i] / 2.0);
            outputs[slice[i]] += output[i];
        }
        for (int s = 0; s < slices; s++) {
            weighted[s] = outputs[s] > 0 ? weighted[s] / outputs[s] : Double.NaN;
        }
        return weighted;
    }

    /** Requests and output tokens that met the SLO, each over its own lifetime. */
    public record Tally(double requestsMet, double outputsMet) {}

    /** @param tpotMs [slices] the TPOT of each slice; the last slice's holds on past the trace's end */
    public Tally tally(float[] tpotMs, double sliceSeconds, double sloMs) {
        int n = tpotMs.length;
        double[] prefix = new double[n + 1]; // prefix sums of TPOT: a lifetime's mean in O(1)
        for (int s = 0; s < n; s++) {
            prefix[s + 1] = prefix[s] + tpotMs[s];
        }
        double met = 0;
        double outputsMet = 0;
        for (int i = 0; i < slice.length; i++) {
            int s = slice[i];
            double lifeSeconds = output[i] * tpotMs[s] / 1e3;
            int slices = Math.max(1, (int) Math.ceil(lifeSeconds / sliceSeconds - 1e-9));
            int end = Math.min(n, s + slices);
            double mean = (prefix[end] - prefix[s] + (double) (s + slices - end) * tpotMs[n - 1]) / slices;
            if (mean <= sloMs * (1 + 1e-9)) {
                met++;
                outputsMet += output[i];
            }
        }
        return new Tally(met, outputsMet);
    }
}
