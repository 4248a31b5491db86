package dev.janus.model.kernels;

import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FP8 specifics of the vector kernel beyond {@link VectorMatmulKernelTest}'s dtype sweep: it is
 * bit for bit the f32 kernel on the dequantized weights where the summation orders agree, block
 * grids that start inside a block (MLA views), NaN codes, and scales too large for the rebias.
 */
class Fp8KernelTest {

    @Test
    void equalsTheF32KernelOnDequantizedWeights() {
        Random rnd = new Random(3);
        try (ComputePool pool = new ComputePool(2, "fp8")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0);
            // whole blocks of whole vectors: the FP8 tiles sum exactly as F32Rows does
            for (int[] shape : new int[][] {{130, 256}, {64, 512}, {7, 128}}) {
                Fp8BlockTensor w = TestTensors.randomFp8(shape[0], shape[1], 128, 128, rnd, false);
                WeightTensor f32 = dequantized(w);
                for (int tokens : new int[] {1, 3, 4, 9}) {
                    float[] x = TestTensors.gaussian(tokens * w.cols(), rnd);
                    float[] a = new float[tokens * w.rows()];
                    float[] b = new float[tokens * w.rows()];
                    kernel.matmul(w, x, a, tokens);
                    kernel.matmul(f32, x, b, tokens);
                    assertThat(a).as("[%d x %d] tokens %d", shape[0], shape[1], tokens).containsExactly(b);
                }
            }
        }
    }

    @Test
    void viewsWithAnOffsetGridMatchTheScalarReference() {
        Random rnd = new Random(4);
        Fp8BlockTensor w = TestTensors.randomFp8(100, 70, 24, 40, rnd, false);
        Fp8BlockTensor view = w.rowView("rows 13..50", 13, 37);
        assertThat(view.rowOffset()).isEqualTo(13);
        for (int r = 0; r < view.rows(); r++) {
            for (int c = 0; c < view.cols(); c++) {
                assertThat(view.get(r, c)).isEqualTo(w.get(r + 13, c));
            }
        }
        // a grid offset in columns too (the transposed MLA key blocks)
        Fp8BlockTensor shifted = new Fp8BlockTensor("cols offset", w.segment(), 100, 70,
                new float[Fp8BlockTensor.blocks(100, 5, 24) * Fp8BlockTensor.blocks(70, 33, 40)], 24, 40, 5, 33);
        for (int i = 0; i < shifted.scales().length; i++) {
            shifted.scales()[i] = 0.01f * (i + 1);
        }
        try (ComputePool pool = new ComputePool(2, "fp8")) {
            VectorMatmulKernel kernel = new VectorMatmulKernel(pool, 0);
            for (WeightTensor t : new WeightTensor[] {view, shifted}) {
                for (int tokens : new int[] {1, 4, 6}) {
                    float[] x = TestTensors.gaussian(tokens * t.cols(), rnd);
                    float[] want = new float[tokens * t.rows()];
                    float[] got = new float[tokens * t.rows()];
                    new ScalarMatmulKernel().matmul(t, x, want, tokens);
                    kernel.matmul(t, x, got, tokens);
                    for (int i = 0; i < want.length; i++) {
                        assertThat(got[i]).as("%s y[%d]", t.name(), i).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-4f));
                    }
                }
            }
        }
    }

    @Test
    void nanCodesGiveNanAndHugeScalesTakeTheScalarPath() {
        Random rnd = new Random(5);
        Fp8BlockTensor w = TestTensors.randomFp8(8, 64, 4, 32, rnd, false);
        w.segment().set(ValueLayout.JAVA_BYTE, 3L * 64 + 17, (byte) 0x7F);
        w.segment().set(ValueLayout.JAVA_BYTE, 5L * 64 + 40, (byte) 0xFF);
        float[] x = TestTensors.gaussian(64, rnd);
        float[] y = new float[8];
        VectorMatmulKernel kernel = new VectorMatmulKernel(null, Long.MAX_VALUE); // never parallel: no pool needed
        kernel.matmul(w, x, y, 1);
        for (int r = 0; r < 8; r++) {
            assertThat(Float.isNaN(y[r])).as("row %d", r).isEqualTo(r == 3 || r == 5);
        }
        // scale 2^10: (q * 2^-120) * (scale * 2^120) would overflow, the scalar path is exact
        Fp8BlockTensor huge = TestTensors.randomFp8(8, 64, 4, 32, rnd, false);
        huge.scales()[1] = 1024f;
        float[] want = new float[8];
        new ScalarMatmulKernel().matmul(huge, x, want, 1);
        kernel.matmul(huge, x, y, 1);
        assertThat(y).containsExactly(want);
    }

    private static WeightTensor dequantized(Fp8BlockTensor w) {
        float[] v = new float[w.rows() * w.cols()];
        for (int r = 0; r < w.rows(); r++) {
            w.copyRow(r, v, r * w.cols());
        }
        return WeightTensor.ofFloats("dequantized", v, w.rows(), w.cols());
    }
}
