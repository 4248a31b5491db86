package dev.janus.model.cli;

import dev.janus.model.config.Fp8Quantization;
import dev.janus.model.config.Int8ChannelQuantization;
import dev.janus.model.engine.ComputeBackend;
import dev.janus.model.kernels.MemoryBandwidth;
import dev.janus.model.model.Model;
import dev.janus.model.weights.ProcessMemory;
import dev.janus.model.weights.WeightMemory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code bench}: prefill and decode throughput at batch 1 and 16, against the memory-bandwidth
 * bound of decode (weight bytes a step must read / measured streaming-read bandwidth).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode tokens/s at batch 1 and 16 and the bandwidth bound.")
final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    JanusCli cli;

    @Option(names = "--model", description = "HF model directory (default: the embedded default model); repeat it to "
            + "measure several models in one run, e.g. a bf16 and an fp8 make-model of the same seed, with ratios to the first")
    List<Path> models;

    @Option(names = "--prompt-tokens", defaultValue = "32", description = "prefill length (default ${DEFAULT-VALUE})")
    int promptTokens;

    @Option(names = "--decode-tokens", defaultValue = "64", description = "decode steps measured (default ${DEFAULT-VALUE})")
    int decodeTokens;

    @Option(names = "--batches", split = ",", defaultValue = "1,16", description = "batch sizes (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--weights", split = ",", defaultValue = "mapped", converter = WeightMemoryConverter.class,
            description = "where the weights live, one run each: mapped (the file mapping) and/or huge-pages (copied into "
                    + "anonymous memory advised for transparent huge pages), e.g. --weights mapped,huge-pages "
                    + "(default ${DEFAULT-VALUE})")
    List<WeightMemory> weights;

    @Option(names = "--kernel", defaultValue = "vector", description = "vector or scalar")
    String kernel;

    @Option(names = "--backend", defaultValue = "cpu",
            description = "where the layer kernels run: cpu or cuda (falls back to the CPU without a CUDA device)")
    String backendName;

    @Option(names = "--threads", defaultValue = "0", description = "compute threads, 0 = all processors")
    int threads;

    @Option(names = "--bandwidth-mb", defaultValue = "1024", description = "buffer for the bandwidth probe (MB)")
    int bandwidthMb;

    @Override
    public Integer call() {
        List<Path> dirs = models != null && !models.isEmpty() ? models : List.of(DefaultModel.ensure(cli.err()));
        PrintStream out = cli.out();
        List<String> labels = new ArrayList<>();
        List<List<DecodeBenchmark.Result>> all = new ArrayList<>();
        try (ComputeBackend backend = ComputeBackend.create(kernel, threads, backendName)) {
            out.printf(Locale.ROOT, "device: %s%n", backend.device());
            cli.err().println("measuring streaming read bandwidth (" + bandwidthMb + " MB buffer)...");
            double gbps = MemoryBandwidth.measureGBps(backend.pool(), (long) bandwidthMb << 20, 5);
            out.printf(Locale.ROOT, "streaming read bandwidth: %.1f GB/s%n", gbps);
            for (Path dir : dirs) {
                for (WeightMemory memory : weights) {
                    labels.add(dir.getFileName() + (weights.size() > 1 ? " (" + memory.label() + ")" : ""));
                    all.add(bench(dir, memory, backend, gbps, out));
                }
            }
        }
        for (int i = 1; i < all.size(); i++) { // several runs: ratios to the first, measured in this run
            out.printf(Locale.ROOT, "%s relative to %s: batch  prefill  decode%n", labels.get(i), labels.get(0));
            for (int b = 0; b < batches.length; b++) {
                DecodeBenchmark.Result base = all.get(0).get(b);
                DecodeBenchmark.Result r = all.get(i).get(b);
                out.printf(Locale.ROOT, "%5d  %6.2fx  %6.2fx%n", batches[b],
                        r.prefillTokensPerSecond() / base.prefillTokensPerSecond(),
                        r.decodeTokensPerSecond() / base.decodeTokensPerSecond());
            }
        }
        return 0;
    }

    /** One model: a line about it, then one row per batch size. */
    private List<DecodeBenchmark.Result> bench(Path dir, WeightMemory memory, ComputeBackend backend, double gbps,
                                               PrintStream out) {
        List<DecodeBenchmark.Result> results = new ArrayList<>();
        long loadStart = System.nanoTime();
        try (Model m = Model.load(dir, (layer, expert) -> true, memory)) {
            out.printf(Locale.ROOT, "weights: %s%n", weightsLine(m, System.nanoTime() - loadStart));
            out.printf(Locale.ROOT, "model %s (%s, %d layers, hidden %d, %d experts top-%d%s), kernel %s, %d threads%n",
                    dir.getFileName(), m.config().family(), m.config().numLayers(), m.config().hiddenSize(),
                    m.config().numExperts(), m.config().numExpertsPerToken(),
                    switch (m.config().quantization()) {
                        case null -> "";
                        case Fp8Quantization f -> ", fp8 blocks " + f.blockRows() + "x" + f.blockCols();
                        case Int8ChannelQuantization i -> ", int8 per channel";
                    },
                    kernel, backend.pool().parallelism());
            out.printf(Locale.ROOT, "kv cache: %,d bytes/token (float32, all layers)%s%n", m.config().kvCacheBytesPerToken(),
                    m.config().isMla() ? String.format(Locale.ROOT, "; MLA latent [c_kv, k_pe] vs %,d expanded K/V: %.1fx smaller",
                            m.config().expandedKvBytesPerToken(),
                            (double) m.config().expandedKvBytesPerToken() / m.config().kvCacheBytesPerToken()) : "");
            DecodeBenchmark bench = new DecodeBenchmark(m, backend, cli.err());
            out.println("batch  prefill tok/s  decode tok/s  weight MB/step  bound tok/s  decode/bound");
            for (int b : batches) {
                DecodeBenchmark.Result r = bench.run(b, promptTokens, decodeTokens);
                results.add(r);
                double bound = b * gbps * 1e9 / r.bytesPerStep();
                out.printf(Locale.ROOT, "%5d  %13.1f  %12.1f  %14.1f  %11.1f  %12.2f%n", b, r.prefillTokensPerSecond(),
                        r.decodeTokensPerSecond(), r.bytesPerStep() / 1e6, bound, r.decodeTokensPerSecond() / bound);
            }
        }
        return results;
    }

    private static String weightsLine(Model m, long loadNanos) {
        if (m.store().memory() == WeightMemory.MAPPED) {
            return m.store().memorySummary() + " (file pages, shared page cache)";
        }
        return String.format(Locale.ROOT, "%s, loaded in %.1f s; process AnonHugePages %s", m.store().memorySummary(),
                loadNanos / 1e9, ProcessMemory.anonHugePages().map(b -> String.format(Locale.ROOT, "%.1f MB", b / 1e6))
                        .orElse("unknown"));
    }

    /** picocli: {@code mapped} / {@code huge-pages}. */
    static final class WeightMemoryConverter implements CommandLine.ITypeConverter<WeightMemory> {
        @Override
        public WeightMemory convert(String value) {
            return WeightMemory.parse(value);
        }
    }
}
