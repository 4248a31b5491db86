package dev.janus.benchmarks;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MemoryBandwidth;
import dev.janus.model.tensor.DType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link MatvecBenchmark} (JMH options pass through, e.g. {@code -p shape=1024x1024 -f 1})
 * and prints weight bandwidth (GB/s), GFLOP/s and the speed-up over the scalar kernel of the
 * same run, next to this machine's streaming read bandwidth ({@link MemoryBandwidth}).
 * Run with {@code java --add-modules=jdk.incubator.vector -cp benchmarks.jar dev.janus.benchmarks.MatvecReport}.
 */
public final class MatvecReport {

    private MatvecReport() {
    }

    public static void main(String[] args) throws Exception {
        Options cli = new CommandLineOptions(args);
        Options opts = new OptionsBuilder().parent(cli).include(MatvecBenchmark.class.getName() + ".matmul").build();
        Collection<RunResult> results = new Runner(opts).run();

        Map<String, Double> scalarMicros = new HashMap<>();
        for (RunResult r : results) {
            if (r.getParams().getParam("kernel").equals("scalar")) {
                scalarMicros.put(key(r), r.getPrimaryResult().getScore());
            }
        }
        System.out.printf("%n%-11s %-5s %6s %6s %-9s %12s %8s %9s %8s%n",
                "shape", "dtype", "tokens", "copies", "kernel", "us/op", "GB/s", "GFLOP/s", "x scalar");
        for (RunResult r : results) {
            String[] dims = r.getParams().getParam("shape").split("x");
            long out = Long.parseLong(dims[0]);
            long in = Long.parseLong(dims[1]);
            String dtype = r.getParams().getParam("dtype");
            int tokens = Integer.parseInt(r.getParams().getParam("tokens"));
            double micros = r.getPrimaryResult().getScore();
            double bytes = out * in * DType.valueOf(dtype).bytes();
            Double base = scalarMicros.get(key(r));
            System.out.printf("%-11s %-5s %6d %6s %-9s %12.1f %8.1f %9.1f %8s%n",
                    r.getParams().getParam("shape"), dtype, tokens, r.getParams().getParam("copies"),
                    r.getParams().getParam("kernel"), micros,
                    bytes / micros / 1e3, 2.0 * out * in * tokens / micros / 1e3,
                    base == null ? "-" : String.format("%.1f", base / micros));
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        for (long mib : new long[] {64, 1024}) {
            for (int threads = 1; threads <= cpus; threads++) {
                try (ComputePool pool = new ComputePool(threads, "bandwidth")) {
                    System.out.printf("streaming read %4d MiB, %d thread(s): %.1f GB/s%n",
                            mib, threads, MemoryBandwidth.measureGBps(pool, mib << 20, 10));
                }
            }
        }
    }

    private static String key(RunResult r) {
        return r.getParams().getParam("shape") + "/" + r.getParams().getParam("dtype") + "/"
                + r.getParams().getParam("tokens") + "/" + r.getParams().getParam("copies");
    }
}
