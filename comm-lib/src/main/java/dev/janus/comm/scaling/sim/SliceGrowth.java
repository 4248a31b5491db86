package dev.janus.comm.scaling.sim;

import java.util.Arrays;

/** Growing per-slice sums while a trace file is read (the number of slices is not known ahead). */
final class SliceGrowth {

    private double[] requests = new double[1024];
    private double[] prompts = new double[1024];
    private double[] outputs = new double[1024];
    private int size;

    void add(int slice, long prompt, long output) {
        if (slice >= requests.length) {
            int n = Math.max(slice + 1, requests.length * 2);
            requests = Arrays.copyOf(requests, n);
            prompts = Arrays.copyOf(prompts, n);
            outputs = Arrays.copyOf(outputs, n);
        }
        requests[slice]++;
        prompts[slice] += prompt;
        outputs[slice] += output;
        size = Math.max(size, slice + 1);
    }

    int size() {
        return size;
    }

    SliceTrace toTrace(String name, double dt) {
        return new SliceTrace(name, dt, Arrays.copyOf(requests, size), Arrays.copyOf(prompts, size),
                Arrays.copyOf(outputs, size));
    }
}
