package dev.janus.benchmarks;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.kernels.VectorMatmulKernel;
import dev.janus.model.tensor.Bf16Tensor;
import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Float8E4m3;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code y = W x} for {@code tokens} tokens over off-heap weights (as a memory-mapped
 * checkpoint would be). Kernels: {@code scalar} (the reference, single thread) and
 * {@code vector-N} ({@link VectorMatmulKernel} on a pool of N threads). {@link MatvecReport}
 * turns the times into GB/s of weights streamed and GFLOP/s. {@code copies > 1} cycles through that
 * many copies of the weight, so that (at 128 copies of a 2816x1024 bf16 weight, 740 MB) every call
 * streams its weights from DRAM as a decode step does, instead of finding them in the L3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatvecBenchmark {

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** {@code OUTxIN}: rows x cols of the weight. */
    @Param({"1024x1024", "2816x1024", "1024x2816", "32000x1024"})
    public String shape;

    @Param({"BF16", "F32"})
    public DType dtype;

    @Param({"1", "32"})
    public int tokens;

    /** Distinct copies of the weight, used in turn: 1 = cache-resident after the first call. */
    @Param({"1"})
    public int copies;

    @Param({"scalar", "vector-1", "vector-2"})
    public String kernel;

    private Arena arena;
    private ComputePool pool;
    private MatmulKernel impl;
    private WeightTensor[] ws; // copies of [out, in]
    private int next;
    private float[] x;        // [tokens, in]
    private float[] y;        // [tokens, out]

    @Setup(Level.Trial)
    public void setUp() {
        String[] dims = shape.split("x");
        int out = Integer.parseInt(dims[0]);
        int in = Integer.parseInt(dims[1]);
        arena = Arena.ofShared();
        MemorySegment seg = arena.allocate((long) out * in * dtype.bytes(), 64);
        SplittableRandom rnd = new SplittableRandom(42);
        for (long i = 0; i < (long) out * in; i++) {
            float v = (float) (rnd.nextDouble() * 2 - 1);
            switch (dtype) {
                case BF16 -> seg.setAtIndex(SHORT, i, Bf16Tensor.fromFloat(v));
                case F16 -> seg.setAtIndex(SHORT, i, Float.floatToFloat16(v));
                case F32 -> seg.setAtIndex(FLOAT, i, v);
                case F8_E4M3 -> seg.set(ValueLayout.JAVA_BYTE, i, Float8E4m3.fromFloat(v * Float8E4m3.MAX));
                default -> throw new IllegalArgumentException("no random " + dtype + " weights");
            }
        }
        ws = new WeightTensor[copies];
        for (int c = 0; c < copies; c++) {
            MemorySegment copy = c == 0 ? seg : arena.allocate(seg.byteSize(), 64).copyFrom(seg);
            ws[c] = dtype == DType.F8_E4M3 ? fp8("w" + c, copy, out, in) : WeightTensor.of("w" + c, dtype, copy, out, in);
        }
        x = new float[tokens * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        y = new float[tokens * out];
        if (kernel.equals("scalar")) {
            impl = new ScalarMatmulKernel();
        } else {
            int threads = Integer.parseInt(kernel.substring("vector-".length()));
            pool = new ComputePool(threads, "bench");
            VectorMatmulKernel v = new VectorMatmulKernel(pool);
            v.reserve(tokens, in);
            impl = v;
        }
    }

    /** FP8 codes of values in ±448 with every 128 x 128 block scale 1/448: entries in ±1. */
    private static Fp8BlockTensor fp8(String name, MemorySegment codes, int out, int in) {
        float[] scales = new float[Fp8BlockTensor.blocks(out, 0, 128) * Fp8BlockTensor.blocks(in, 0, 128)];
        Arrays.fill(scales, 1 / Float8E4m3.MAX);
        return Fp8BlockTensor.of(name, codes, out, in, scales, 128, 128);
    }

    @Benchmark
    public float matmul() {
        impl.matmul(ws[next], x, y, tokens);
        next = next + 1 == copies ? 0 : next + 1;
        return y[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (pool != null) {
            pool.close();
        }
        arena.close();
    }
}
