package dev.janus.comm.scaling.sim;

/**
 * A request trace aggregated into equal time slices: per slice the requests that arrived and
 * their prompt and output tokens. The simulator never needs single requests (see
 * {@link ClusterSimulator} for why), so 24 h at 1,000 requests/s is 86,400 slices of 1 s, not
 * 86.4 million requests. Counts may be fractional (synthetic traces draw them as a fluid).
 *
 * @param sliceSeconds Δ, the length of every slice
 * @param requests     [slices] requests arriving in each slice
 * @param promptTokens [slices] their prompt tokens, summed
 * @param outputTokens [slices] their output tokens, summed
 * @param perRequest   the single requests when the trace has them (a CSV trace), else null: then
 *                     the simulator uses each slice's mean lengths ({@link RequestLengths} says what changes)
 */
public record SliceTrace(String name, double sliceSeconds, double[] requests, double[] promptTokens,
                         double[] outputTokens, RequestLengths perRequest) {

    /** A trace of slice sums only (synthetic traces: every request of a slice alike). */
    public SliceTrace(String name, double sliceSeconds, double[] requests, double[] promptTokens, double[] outputTokens) {
        this(name, sliceSeconds, requests, promptTokens, outputTokens, null);
    }

    public SliceTrace {
        if (!(sliceSeconds > 0) || requests.length != promptTokens.length || requests.length != outputTokens.length
                || requests.length == 0) {
            throw new IllegalArgumentException("a slice trace needs Δ > 0 and equally long, non-empty columns");
        }
    }

    public int slices() {
        return requests.length;
    }

    public double seconds() {
        return slices() * sliceSeconds;
    }

    public double totalRequests() {
        double sum = 0;
        for (double r : requests) {
            sum += r;
        }
        return sum;
    }

    /** The same trace with every slice's requests and tokens times {@code factor} (more or less load; slice means only). */
    public SliceTrace scaled(double factor) {
        double[] r = requests.clone();
        double[] p = promptTokens.clone();
        double[] o = outputTokens.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] *= factor;
            p[i] *= factor;
            o[i] *= factor;
        }
        return new SliceTrace(name + " x" + factor, sliceSeconds, r, p, o);
    }

    /** The mean arrival rate (requests/s) over windows of {@code windowSeconds}, the highest window. */
    public double peakRate(double windowSeconds) {
        int w = Math.max(1, (int) Math.round(windowSeconds / sliceSeconds));
        double peak = 0;
        double sum = 0;
        for (int i = 0; i < requests.length; i++) {
            sum += requests[i] - (i >= w ? requests[i - w] : 0);
            peak = Math.max(peak, sum / (Math.min(i + 1, w) * sliceSeconds));
        }
        return peak;
    }

    public double meanRate() {
        return totalRequests() / seconds();
    }

    /** Mean prompt and output tokens per request over the whole trace, {prompt, output}. */
    public double[] meanTokens() {
        double n = totalRequests();
        double p = 0;
        double o = 0;
        for (int i = 0; i < requests.length; i++) {
            p += promptTokens[i];
            o += outputTokens[i];
        }
        return n > 0 ? new double[] {p / n, o / n} : new double[] {0, 1};
    }
}
