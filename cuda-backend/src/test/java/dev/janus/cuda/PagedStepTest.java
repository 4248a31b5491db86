package dev.janus.cuda;

import dev.janus.model.forward.AttentionKernel;
import dev.janus.model.forward.StepBatch;
import dev.janus.model.kv.KvCache;

/**
 * {@link DeviceAttentionContract} with the device emulated, on any machine: {@link PagedStep}
 * (the host side {@link CudaAttentionKernel} uploads) feeds flat per-layer pools as
 * scatter_rows_f32 fills them, and a line-by-line Java port of attention.cu reads them through
 * the step's block tables. What it checks without a GPU: the pool rows, block tables, positions
 * and context bound the kernel is given, over prefill, a prefix-attached sequence and decode.
 */
class PagedStepTest extends DeviceAttentionContract {

    @Override
    AttentionKernel underTest(AttentionKernel.Shape shape, AttentionKernel cpu) {
        return new EmulatedDevice(shape);
    }

    /** CudaAttentionKernel's steps with float arrays for device memory. */
    private static final class EmulatedDevice implements AttentionKernel {

        private final Shape shape;
        private final PagedStep step = new PagedStep();
        private float[][] keyPools; // [layer][totalBlocks * blockSize * width]
        private float[][] valuePools;

        EmulatedDevice(Shape shape) {
            this.shape = shape;
        }

        @Override
        public void attend(StepBatch batch, int layer, int window, float[] q, float[] out) {
            KvCache cache = batch.sequenceOfToken(0).cache();
            if (keyPools == null) {
                int floats = cache.totalBlocks() * cache.blockSize() * cache.kvDim();
                keyPools = new float[cache.layers()][floats];
                valuePools = cache.hasValues() ? new float[cache.layers()][floats] : keyPools;
            }
            step.prepare(batch, cache, window);
            scatter(batch, layer, keyPools[layer], true);
            if (cache.hasValues()) {
                scatter(batch, layer, valuePools[layer], false);
            }
            for (int t = 0; t < step.tokens; t++) {
                for (int h = 0; h < shape.heads(); h++) {
                    pagedAttention(q, keyPools[layer], valuePools[layer], out, t, h, window);
                }
            }
        }

        /** scatter_rows_f32: pool[rowIndex[r]] = rows[r]. */
        private void scatter(StepBatch batch, int layer, float[] pool, boolean keys) {
            step.gatherNewRows(batch, layer, keys);
            for (int r = 0; r < step.tokens; r++) {
                System.arraycopy(step.rows, r * step.width, pool, step.rowIndex[r] * step.width, step.width);
            }
        }

        /** attention.cu's paged_attention for block (t, h), sequentially. */
        private void pagedAttention(float[] q, float[] keys, float[] values, float[] out, int t, int h, int window) {
            int pos = step.positions[t];
            int first = window > 0 ? Math.max(0, pos - window + 1) : 0;
            int n = pos - first + 1;
            if (n > step.maxContext) {
                throw new AssertionError("token " + t + " attends " + n + " positions, maxContext is " + step.maxContext);
            }
            int g = h / (shape.heads() / shape.kvHeads());
            int table = t * step.maxBlocks;
            int qr = t * shape.heads() * shape.keyDim() + h * shape.keyDim();
            float[] scores = new float[n];
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                int kr = row(table, first + j) + g * shape.keyDim();
                float d = 0f;
                for (int i = 0; i < shape.keyDim(); i++) {
                    d += q[qr + i] * keys[kr + i];
                }
                scores[j] = d * shape.scale();
                m = Math.max(m, scores[j]);
            }
            float total = 0f;
            for (int j = 0; j < n; j++) {
                scores[j] = (float) Math.exp(scores[j] - m);
                total += scores[j];
            }
            int o = t * shape.heads() * shape.valueDim() + h * shape.valueDim();
            for (int d = 0; d < shape.valueDim(); d++) {
                float acc = 0f;
                for (int j = 0; j < n; j++) {
                    acc += scores[j] * values[row(table, first + j) + g * shape.valueDim() + d];
                }
                out[o + d] = acc / total;
            }
        }

        /** First float of position p's row in a layer pool, through the token's block table. */
        private int row(int table, int p) {
            return (step.tables[table + p / step.blockSize] * step.blockSize + p % step.blockSize) * step.width;
        }
    }
}
