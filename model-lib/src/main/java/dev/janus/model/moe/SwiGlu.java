package dev.janus.model.moe;

import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.kernels.VectorMath;
import dev.janus.model.model.MlpWeights;

/**
 * {@code down(silu(gate x) ⊙ up x)} over a batch of rows, with reusable scratch. Serves routed
 * experts, the shared expert and dense MLP layers. Not thread-safe (owns its scratch).
 */
public final class SwiGlu {

    private final MatmulKernel matmul;
    private float[] gate = new float[0]; // [rows, intermediate]
    private float[] up = new float[0];   // [rows, intermediate]

    public SwiGlu(MatmulKernel matmul) {
        this.matmul = matmul;
    }

    /** {@code out[r] = mlp(x[r])} for {@code rows} contiguous rows of width hidden. */
    public void apply(MlpWeights w, float[] x, int rows, float[] out) {
        int inter = w.intermediateSize();
        if (gate.length < rows * inter) {
            gate = new float[rows * inter];
            up = new float[rows * inter];
        }
        matmul.matmul(w.gate(), x, gate, rows);
        matmul.matmul(w.up(), x, up, rows);
        VectorMath.siluMul(gate, 0, up, 0, rows * inter);
        matmul.matmul(w.down(), gate, out, rows);
    }
}
