package dev.janus.benchmarks.jlama;

import dev.janus.benchmarks.CpuShare;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Decode tokens/s at batch 1 of our engine against Jlama 0.8.4 on the same checkpoint, in one
 * JVM: both load the model, both warm up, then rounds alternate the engines (ABBA order) and the
 * medians are compared. Run by hand, never by the build:
 * <pre>
 * java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp benchmarks/target/benchmarks.jar dev.janus.benchmarks.jlama.JlamaComparison --model /tmp/models/medium
 * </pre>
 * Options: --prompt 32 (tokens, BOS + random ids, same ids for both), --tokens 128 (decode
 * steps), --rounds 3, --warmup 2 (untimed runs per engine), --threads 0 (= all processors, both
 * engines), --seed 42.
 */
public final class JlamaComparison {

    private JlamaComparison() {
    }

    public static void main(String[] args) {
        ComparisonOptions o = ComparisonOptions.parse(args);
        PrintStream out = System.out;
        out.printf("model %s, prompt %d tokens, decode %d tokens, %d rounds, %d processors, load average %.2f%n",
                o.model(), o.promptTokens(), o.decodeTokens(), o.rounds(),
                Runtime.getRuntime().availableProcessors(), loadAverage());
        // Jlama first: its thread override must precede any use of its executor
        try (JlamaDecodeRun jlama = new JlamaDecodeRun(o.model(), o.threads());
             JanusDecodeRun janus = new JanusDecodeRun(o.model(), o.threads(), o.promptTokens() + o.decodeTokens())) {
            out.printf("jlama: %s, %d threads%n", jlama.describe(), jlama.threads());
            out.printf("janus: vector kernel, %d threads%n", janus.threads());
            int[] prompt = prompt(o.seed(), o.promptTokens(), 1, 32000);
            DecodeRun[] engines = {jlama, janus};
            for (DecodeRun e : engines) {
                for (int w = 0; w < o.warmup(); w++) {
                    DecodeTiming t = e.run(prompt, o.decodeTokens());
                    out.printf("warm-up %s: %.1f tok/s decode%n", e.name(), t.decodeTokensPerSecond());
                }
            }
            List<List<DecodeTiming>> timings = List.of(new ArrayList<>(), new ArrayList<>());
            CpuShare cpu = new CpuShare();
            for (int r = 0; r < o.rounds(); r++) {
                for (int k = 0; k < 2; k++) {
                    int i = (r % 2 == 0) ? k : 1 - k;
                    cpu.start();
                    DecodeTiming t = engines[i].run(prompt, o.decodeTokens());
                    timings.get(i).add(t);
                    out.printf("round %d %s: prefill %.1f ms (%.1f tok/s), decode %.1f tok/s, other processes %.2f cores%n",
                            r + 1, engines[i].name(), t.prefillSeconds() * 1e3, o.promptTokens() / t.prefillSeconds(),
                            t.decodeTokensPerSecond(), cpu.othersCores());
                }
            }
            double jlamaTps = median(timings.get(0));
            double janusTps = median(timings.get(1));
            out.printf("%nmedian decode tok/s: janus %.1f, jlama %.1f, ratio janus/jlama %.2fx (threads %d vs %d)%n",
                    janusTps, jlamaTps, janusTps / jlamaTps, janus.threads(), jlama.threads());
            compareTokens(out, timings.get(1).getFirst().tokens(), timings.get(0).getFirst().tokens());
        }
    }

    /** BOS then uniformly random ids above the special tokens 0..2, fixed by the seed. */
    static int[] prompt(long seed, int length, int bos, int vocab) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] p = new int[length];
        p[0] = bos;
        for (int i = 1; i < length; i++) {
            p[i] = rnd.nextInt(3, vocab);
        }
        return p;
    }

    private static double median(List<DecodeTiming> ts) {
        double[] v = ts.stream().mapToDouble(DecodeTiming::decodeTokensPerSecond).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static void compareTokens(PrintStream out, int[] janus, int[] jlama) {
        int same = 0;
        while (same < janus.length && janus[same] == jlama[same]) {
            same++;
        }
        out.printf("greedy tokens agree on the first %d of %d%n", same, janus.length);
        int show = Math.min(janus.length, 16);
        out.printf("  janus %s%n  jlama %s%n", Arrays.toString(Arrays.copyOf(janus, show)),
                Arrays.toString(Arrays.copyOf(jlama, show)));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
