package dev.janus.cuda;

import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.tensor.DType;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The grouped expert FFN benchmark: one MoE layer of Mixtral-8x7B shape (hidden 4096,
 * expert width 14336, 8 experts, top-2) and of DeepSeek-V3 shape (hidden 7168, expert width 2048,
 * 256 routed experts, top-8; bf16, and FP8 with 128 x 128 block scales as DeepSeek ships it),
 * random weights made on the device, uniform random routing, 1 to
 * 4096 tokens. Per point: the kernels' time (CUDA events: gather, 3 grouped GEMMs, SiLU·mul),
 * the step's wall time with activations to and from the host, the weight bytes of the activated
 * experts over the kernel time (achieved bandwidth) and the FFN's flops over it, each against the
 * GPU's peak. Writes grouped_ffn.csv into the directory given as the first argument.
 *
 * <p>Usage: java ... dev.janus.cuda.GroupedFfnBenchmark OUT_DIR [max tokens, default 4096]
 */
public final class GroupedFfnBenchmark {

    record Shape(String name, int hidden, int intermediate, int experts, int topK, DType dtype) {

        int weightBytes() {
            return dtype == DType.BF16 ? 2 : 1;
        }
    }

    static final Shape[] SHAPES = {
            new Shape("mixtral-8x7b", 4096, 14336, 8, 2, DType.BF16),
            new Shape("deepseek-v3", 7168, 2048, 256, 8, DType.BF16),
            new Shape("deepseek-v3-fp8", 7168, 2048, 256, 8, DType.F8_E4M3), // as DeepSeek ships it
    };
    static final int WARMUP = 2;
    static final int REPS = 5;

    public static void main(String[] args) throws Exception {
        Path outDir = Path.of(args.length > 0 ? args[0] : ".");
        int maxTokens = args.length > 1 ? Integer.parseInt(args[1]) : 4096;
        Files.createDirectories(outDir);
        try (CudaAccelerator gpu = CudaAccelerator.open();
             PrintStream csv = new PrintStream(Files.newOutputStream(outDir.resolve("grouped_ffn.csv")), true)) {
            Peak peak = Peak.of(gpu.device().name());
            System.out.printf(Locale.ROOT, "device %s; peak %.2f TB/s, %.0f TFLOP/s bf16 dense (%s)%n",
                    gpu.description(), peak.bytesPerSecond() / 1e12, peak.flopsPerSecond() / 1e12, peak.source());
            csv.println("device,shape,tokens,rows,activated_experts,kernel_ms,wall_ms,weight_gb,achieved_tb_s,"
                    + "bandwidth_fraction,tflop_s,flops_fraction");
            for (Shape shape : SHAPES) {
                run(gpu, shape, maxTokens, peak, csv);
            }
        }
    }

    private static void run(CudaAccelerator gpu, Shape s, int maxTokens, Peak peak, PrintStream csv) {
        StackedExperts experts = StackedExperts.random(s.experts(), s.intermediate(), s.hidden(), s.dtype(), gpu.kernels(), 1234);
        CudaExpertExecutor executor = (CudaExpertExecutor) gpu.expertExecutor(null, s.hidden(), new ScalarMatmulKernel());
        SplittableRandom rnd = new SplittableRandom(42);
        System.out.printf(Locale.ROOT, "%n%s: hidden %d, expert width %d, %d experts, top-%d%n", s.name(), s.hidden(),
                s.intermediate(), s.experts(), s.topK());
        System.out.println("tokens  experts  kernel ms  wall ms  TB/s   of peak  TFLOP/s  of peak");
        try {
            for (int tokens = 1; tokens <= maxTokens; tokens *= 2) {
                DispatchPlan plan = randomPlan(tokens, s, rnd);
                float[] x = uniform(tokens * s.hidden(), rnd);
                float[] out = new float[tokens * s.topK() * s.hidden()];
                double[] kernel = new double[REPS];
                double[] wall = new double[REPS];
                for (int i = 0; i < WARMUP + REPS; i++) {
                    long t0 = System.nanoTime();
                    executor.executeOn(experts, 0, plan, x, out);
                    long t1 = System.nanoTime();
                    if (i >= WARMUP) {
                        kernel[i - WARMUP] = executor.lastKernelMillis();
                        wall[i - WARMUP] = (t1 - t0) / 1e6;
                    }
                }
                int activated = activated(plan, s.experts());
                double kernelMs = median(kernel);
                double bytes = 3.0 * s.weightBytes() * s.intermediate() * s.hidden() * activated;
                double flops = 2.0 * 3 * s.intermediate() * s.hidden() * plan.rows();
                double bw = bytes / (kernelMs / 1e3);
                double fl = flops / (kernelMs / 1e3);
                System.out.printf(Locale.ROOT, "%6d  %7d  %9.3f  %7.2f  %5.2f  %7.1f%%  %7.1f  %6.1f%%%n", tokens, activated,
                        kernelMs, median(wall), bw / 1e12, 100 * bw / peak.bytesPerSecond(), fl / 1e12,
                        100 * fl / peak.flopsPerSecond());
                csv.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%.4f,%.3f,%.3f,%.3f,%.3f,%.2f,%.4f%n", gpu.device().name(), s.name(),
                        tokens, plan.rows(), activated, kernelMs, median(wall), bytes / 1e9, bw / 1e12,
                        bw / peak.bytesPerSecond(), fl / 1e12, fl / peak.flopsPerSecond());
            }
        } finally {
            experts.close();
        }
    }

    /** Each token picks topK distinct experts uniformly (the skew-free case). */
    static DispatchPlan randomPlan(int tokens, Shape s, SplittableRandom rnd) {
        DispatchPlan plan = new DispatchPlan();
        plan.reset(tokens, s.topK(), s.experts());
        for (int t = 0; t < tokens; t++) {
            int[] chosen = rnd.ints(0, s.experts()).distinct().limit(s.topK()).toArray();
            for (int k = 0; k < s.topK(); k++) {
                plan.setPhysical(t * s.topK() + k, chosen[k]);
            }
        }
        return plan;
    }

    static float[] uniform(int n, SplittableRandom rnd) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextDouble(-1, 1);
        }
        return a;
    }

    static int activated(DispatchPlan plan, int experts) {
        int n = 0;
        for (int e = 0; e < experts; e++) {
            n += plan.groupSize(e) > 0 ? 1 : 0;
        }
        return n;
    }

    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
