package dev.janus.comm.scaling.sim;

import java.util.Arrays;

/**
 * Growing per-slice sums and the single requests while a trace file is read (the number of
 * slices and requests is not known ahead).
 */
final class SliceGrowth {

    private double[] requests = new double[1024];
    private double[] prompts = new double[1024];
    private double[] outputs = new double[1024];
    private int size;
    private int[] slice = new int[1024];
    private int[] prompt = new int[1024];
    private int[] output = new int[1024];
    private int count;

    void add(int slice, long prompt, long output) {
        if (slice >= requests.length) {
            int n = Math.max(slice + 1, requests.length * 2);
            requests = Arrays.copyOf(requests, n);
            prompts = Arrays.copyOf(prompts, n);
            outputs = Arrays.copyOf(outputs, n);
        }
        if (count == this.slice.length) {
            int n = count * 2;
            this.slice = Arrays.copyOf(this.slice, n);
            this.prompt = Arrays.copyOf(this.prompt, n);
            this.output = Arrays.copyOf(this.output, n);
        }
        this.slice[count] = slice;
        this.prompt[count] = Math.toIntExact(prompt);
        this.output[count] = Math.toIntExact(output);
        count++;
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
                Arrays.copyOf(outputs, size), new RequestLengths(Arrays.copyOf(slice, count),
                Arrays.copyOf(prompt, count), Arrays.copyOf(output, count)));
    }
}
