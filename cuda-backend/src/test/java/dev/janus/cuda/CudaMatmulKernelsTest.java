package dev.janus.cuda;

import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GEMV and tensor-core GEMM against model-lib's ScalarMatmulKernel on random bf16 weights
 * (GPU only). Tolerances: the GEMV keeps float32 activations, so only the summation order
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
}
