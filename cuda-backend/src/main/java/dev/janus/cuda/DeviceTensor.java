package dev.janus.cuda;

import dev.janus.model.tensor.DType;
import dev.janus.model.tensor.Fp8BlockTensor;
import dev.janus.model.tensor.WeightTensor;
import jcuda.driver.CUdeviceptr;

/**
 * A linear layer's weight on the device, in its checkpoint dtype: bf16 values, or float8 e4m3
 * codes with their float32 block scales ({@code fp8} the host tensor, whose block grid the
 * kernels follow). The dtypes the kernels read; others stay on the CPU ({@link #supported}).
 *
 * @param scales null for bf16
 * @param fp8    null for bf16
 */
record DeviceTensor(CUdeviceptr data, CUdeviceptr scales, Fp8BlockTensor fp8) {

    /** Whether the device kernels read {@code w}: bf16, or FP8 with block scales. */
    static boolean supported(WeightTensor w) {
        return w.dtype() == DType.BF16 || w instanceof Fp8BlockTensor;
    }

    static void requireSupported(WeightTensor w) {
        if (!supported(w)) {
            throw new IllegalArgumentException("tensor " + w.name() + " is " + w.dtype()
                    + "; the cuda kernels take BF16 and block-scaled F8_E4M3");
        }
    }

    boolean isFp8() {
        return fp8 != null;
    }
}
