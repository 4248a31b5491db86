package dev.janus.cuda;

import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GEMV and tensor-core GEMM against model-lib's ScalarMatmulKernel on random bf16 and
 * block-scaled FP8 weights (GPU only). Tolerances: the GEMV keeps float32 activations, so only the summation order
 * differs: max error ≤ 1e-5 of the output's scale. The GEMM sees activations rounded to bf16;
 * against the reference fed the same rounded activations, ≤ 1e-5 of the scale as well.
 */
class CudaMatmulKernelsTest {

    @ParameterizedTest(name = "gemv [{0}, {1}] x {2} tokens")
    @CsvSource({"300, 520, 1", "300, 520, 8", "77, 131, 3", "4096, 1024, 5", "1, 8, 1"})
    void gemvEqualsTheScalarReference(int rows, int cols, int tokens) {
        SplittableRandom rnd = new SplittableRandom(rows * 31L + cols * 7L + tokens);
        WeightTensor w = RandomTensors.bf16("w", rows, cols, 0.5f, rnd);
        float[] x = RandomTensors.floats(tokens * cols, 1f, rnd);
        float[] want = new float[tokens * rows];
        new ScalarMatmulKernel().matmul(w, x, want, tokens);

        var d = GpuTests.arrays();
        CUdeviceptr y = d.zeros(4L * tokens * rows);
        GpuTests.accelerator().kernels().gemvBf16(d.shorts(RandomTensors.bits(w)), d.floats(x), y, rows, cols, tokens);
        assertThat(RandomTensors.scaledError(d.floats(y, tokens * rows), want, tokens * rows)).isLessThan(1e-5);
    }

    @ParameterizedTest(name = "gemm [{0} x {2}] x [{1} x {2}]^T")
    @CsvSource({"100, 200, 136", "64, 64, 64", "9, 70, 131", "257, 96, 512"})
    void tensorCoreGemmEqualsTheScalarReferenceOnBf16Activations(int m, int n, int k) {
        SplittableRandom rnd = new SplittableRandom(m * 131L + n * 17L + k);
        WeightTensor w = RandomTensors.bf16("w", n, k, 0.5f, rnd);
        float[] x = RandomTensors.floats(m * k, 1f, rnd);
        float[] want = new float[m * n];
        new ScalarMatmulKernel().matmul(w, RandomTensors.roundedToBf16(x), want, m);

        var d = GpuTests.arrays();
        CudaKernels kernels = GpuTests.accelerator().kernels();
        CUdeviceptr xBf16 = d.zeros(2L * m * k);
        kernels.toBf16(d.floats(x), xBf16, (long) m * k);
        CUdeviceptr y = d.zeros(4L * m * n);
        kernels.gemmBf16(xBf16, d.shorts(RandomTensors.bits(w)), y, m, n, k);
        assertThat(RandomTensors.scaledError(d.floats(y, m * n), want, m * n)).isLessThan(1e-5);
    }

    @ParameterizedTest(name = "CudaMatmulKernel, {0} tokens, strided rows")
    @CsvSource({"1", "8", "9", "40"})
    void theMatmulKernelHonoursOffsetsAndStrides(int tokens) {
        SplittableRandom rnd = new SplittableRandom(tokens);
        int rows = 48;
        int cols = 64;
        WeightTensor w = RandomTensors.bf16("w", rows, cols, 0.5f, rnd);
        float[] x = RandomTensors.floats(3 + tokens * (cols + 5), 1f, rnd); // xOff 3, xStride cols + 5
        float[] y = new float[2 + tokens * (rows + 7)];
        float[] want = y.clone();
        ScalarMatmulKernel scalar = new ScalarMatmulKernel();
        scalar.matmul(w, x, 3, cols + 5, want, 2, rows + 7, tokens);
        // reference precision: float32 activations at every token count
        GpuTests.accelerator().matmul(scalar, Integer.MAX_VALUE).matmul(w, x, 3, cols + 5, y, 2, rows + 7, tokens);
        assertThat(RandomTensors.scaledError(y, want, y.length)).isLessThan(1e-5);
        for (int t = 0; t < tokens; t++) { // the gaps between output rows are untouched
            for (int g = rows; g < rows + 7 && 2 + t * (rows + 7) + g < y.length; g++) {
                assertThat(y[2 + t * (rows + 7) + g]).isZero();
            }
        }
    }

    /**
     * FP8 weights through {@link CudaMatmulKernel} at the reference precision (float32 activations,
     * the GEMV for every token count): w = e4m3 * block scale in float32 on both sides, so only the
     * summation order differs. Shapes: 128-blocks with 16-code chunks, widths that are not multiples
     * of 16 (per-code scales), and a row view starting inside a block (MLA's per-head slices).
     */
    @ParameterizedTest(name = "fp8 gemv [{0}, {1}] blocks {2}, rows from {3}, {4} tokens")
    @CsvSource({"300, 512, 128, 0, 1", "300, 512, 128, 0, 8", "77, 131, 128, 0, 3", "256, 384, 128, 64, 20",
            "64, 96, 32, 0, 5"})
    void fp8GemvEqualsTheScalarReference(int rows, int cols, int block, int firstRow, int tokens) {
        SplittableRandom rnd = new SplittableRandom(rows * 31L + cols * 7L + block + firstRow + tokens);
        Fp8BlockTensor full = RandomTensors.fp8("w", firstRow + rows, cols, block, 0.5f, rnd);
        Fp8BlockTensor w = firstRow == 0 ? full : full.rowView("w.view", firstRow, rows);
        float[] x = RandomTensors.floats(tokens * cols, 1f, rnd);
        float[] want = new float[tokens * rows];
        ScalarMatmulKernel scalar = new ScalarMatmulKernel();
        scalar.matmul(w, x, want, tokens);
        float[] got = new float[tokens * rows];
        GpuTests.accelerator().matmul(scalar, Integer.MAX_VALUE).matmul(w, x, got, tokens);
        assertThat(RandomTensors.scaledError(got, want, want.length)).isLessThan(1e-5);
    }

    /**
     * FP8 weights on tensor cores (from 9 tokens): activations and dequantized weights rounded to
     * bf16; against the reference fed the same rounded values, ≤ 1e-5 of the scale.
     */
    @ParameterizedTest(name = "fp8 gemm {0} tokens, [{1}, {2}]")
    @CsvSource({"40, 200, 256", "9, 70, 131", "130, 128, 384"})
    void fp8TensorCoreGemmEqualsTheReferenceOnBf16Values(int tokens, int rows, int cols) {
        SplittableRandom rnd = new SplittableRandom(tokens * 131L + rows * 17L + cols);
        Fp8BlockTensor w = RandomTensors.fp8("w", rows, cols, 128, 0.5f, rnd);
        float[] x = RandomTensors.floats(tokens * cols, 1f, rnd);
        float[] want = new float[tokens * rows];
        ScalarMatmulKernel scalar = new ScalarMatmulKernel();
        scalar.matmul(RandomTensors.roundedToBf16(w), RandomTensors.roundedToBf16(x), want, tokens);
        float[] got = new float[tokens * rows];
        GpuTests.accelerator().matmul(scalar, 9).matmul(w, x, got, tokens);
        assertThat(RandomTensors.scaledError(got, want, want.length)).isLessThan(1e-5);
    }
}
