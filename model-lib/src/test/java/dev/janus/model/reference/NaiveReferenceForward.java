package dev.janus.model.reference;

import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.WeightStore;

import java.nio.file.Path;

/**
 * A deliberately naive forward pass for cross-checking the engine: logits of every position of
 * one sequence, recomputed from scratch (no KV cache), in double precision, straight from HF
 * transformers semantics (MixtralForCausalLM, Qwen2MoeForCausalLM, Qwen3MoeForCausalLM,
 * OlmoeForCausalLM). It shares nothing with the engine but the safetensors reader: its own
 * config reading ({@link ReferenceConfig}), RoPE ({@link ReferenceRope}), attention, router and
 * MLPs, and it reads weights element by element through {@link WeightTensor#get} under their HF
 * names. Slow by design (one element access per multiply-add): tiny models only.
 */
public final class NaiveReferenceForward {

    private final ReferenceConfig c;
    private final ReferenceRope rope;
    private final WeightStore store;
    private final com.fasterxml.jackson.databind.JsonNode json;
    private final java.util.Map<String, WeightTensor> matrices = new java.util.HashMap<>();

    /** The store must stay open while this is used. */
    public NaiveReferenceForward(Path modelDir, WeightStore store) {
        this.c = ReferenceConfig.read(modelDir.resolve("config.json"));
        this.json = ReferenceConfig.json(modelDir.resolve("config.json"));
        this.rope = ReferenceRope.of(c);
        this.store = store;
    }

    public int vocabSize() {
        return c.vocab();
    }

    /** logits[pos][vocab] for every position of {@code ids}. */
    public double[][] logits(int[] ids) {
        int n = ids.length;
        double[][] h = new double[n][];
        WeightTensor embed = matrix("model.embed_tokens.weight");
        for (int t = 0; t < n; t++) {
            h[t] = row(embed, ids[t]);
        }
        for (int l = 0; l < c.layers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = rmsNorm(h[t], vector(p + "input_layernorm.weight"));
            }
            double[][] attn = attention(l, p + "self_attn.", x);
            for (int t = 0; t < n; t++) {
                addInto(h[t], attn[t]);
                double[] y = rmsNorm(h[t], vector(p + "post_attention_layernorm.weight"));
                addInto(h[t], c.sparse()[l] ? moe(p, y) : mlp(p + "mlp.", "gate_proj", "up_proj", "down_proj", y));
            }
        }
        // HF ties lm_head to embed_tokens when tie_word_embeddings (tie_weights after loading)
        WeightTensor head = c.tied() ? embed : matrix("lm_head.weight");
        double[] finalNorm = vector("model.norm.weight");
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = linear(head, rmsNorm(h[t], finalNorm), null);
        }
        return logits;
    }

    private double[][] attention(int layer, String p, double[][] x) {
        int n = x.length;
        int hd = c.headDim();
        double[][] q = new double[n][];
        double[][] k = new double[n][];
        double[][] v = new double[n][];
        boolean bias = c.qkvBias();
        for (int t = 0; t < n; t++) {
            q[t] = linear(matrix(p + "q_proj.weight"), x[t], bias ? vector(p + "q_proj.bias") : null);
            k[t] = linear(matrix(p + "k_proj.weight"), x[t], bias ? vector(p + "k_proj.bias") : null);
            v[t] = linear(matrix(p + "v_proj.weight"), x[t], bias ? vector(p + "v_proj.bias") : null);
            switch (c.modelType()) {
                case "qwen3_moe" -> { // Qwen3MoeAttention: RMSNorm over head_dim, each head separately
                    q[t] = perHeadNorm(q[t], vector(p + "q_norm.weight"));
                    k[t] = perHeadNorm(k[t], vector(p + "k_norm.weight"));
                }
                case "olmoe" -> { // OlmoeAttention: one RMSNorm over the whole projection, then clip_qkv
                    q[t] = rmsNorm(q[t], vector(p + "q_norm.weight"));
                    k[t] = rmsNorm(k[t], vector(p + "k_norm.weight"));
                    if (!Double.isNaN(c.clipQkv())) {
                        clamp(q[t], c.clipQkv());
                        clamp(k[t], c.clipQkv());
                        clamp(v[t], c.clipQkv());
                    }
                }
                default -> {
                }
            }
            for (int head = 0; head < c.heads(); head++) {
                rope.rotate(q[t], head * hd, t);
            }
            for (int head = 0; head < c.kvHeads(); head++) {
                rope.rotate(k[t], head * hd, t);
            }
        }
        int window = c.slidingWindow()[layer];
        int group = c.heads() / c.kvHeads();
        double scale = 1.0 / Math.sqrt(hd);
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] o = new double[c.heads() * hd];
            for (int head = 0; head < c.heads(); head++) {
                int kvOff = (head / group) * hd;
                double[] scores = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    // causal, and HF sliding_window mask: key j visible iff i - window < j <= i
                    boolean visible = j <= i && (window <= 0 || j > i - window);
                    if (!visible) {
                        scores[j] = Double.NEGATIVE_INFINITY;
                        continue;
                    }
                    double s = 0;
                    for (int d = 0; d < hd; d++) {
                        s += q[i][head * hd + d] * k[j][kvOff + d];
                    }
                    scores[j] = s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    scores[j] = scores[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j < n; j++) {
                    for (int d = 0; d < hd; d++) {
                        o[head * hd + d] += scores[j] / sum * v[j][kvOff + d];
                    }
                }
            }
            out[i] = linear(matrix(p + "o_proj.weight"), o, c.outputBias() ? vector(p + "o_proj.bias") : null);
        }
        return out;
    }

    /** Softmax over all experts, top-k (ties → lower id), optional renormalisation, weighted sum. */
    private double[] moe(String p, double[] x) {
        String block = p + (c.isMixtral() ? "block_sparse_moe." : "mlp.");
        double[] logits = linear(matrix(block + "gate.weight"), x, null);
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double[] prob = new double[logits.length];
        for (int e = 0; e < prob.length; e++) {
            prob[e] = Math.exp(logits[e] - max);
            sum += prob[e];
        }
        int[] chosen = new int[c.topK()];
        boolean[] taken = new boolean[prob.length];
        double chosenSum = 0;
        for (int s = 0; s < chosen.length; s++) {
            int best = -1;
            for (int e = 0; e < prob.length; e++) {
                if (!taken[e] && (best < 0 || prob[e] > prob[best])) {
                    best = e;
                }
            }
            taken[best] = true;
            chosen[s] = best;
            chosenSum += prob[best] / sum;
        }
        double[] out = new double[c.hidden()];
        for (int expert : chosen) {
            double w = prob[expert] / sum;
            if (c.normTopk()) {
                w /= chosenSum;
            }
            String e = block + "experts." + expert + ".";
            double[] y = c.isMixtral() ? mlp(e, "w1", "w3", "w2", x) : mlp(e, "gate_proj", "up_proj", "down_proj", x);
            for (int d = 0; d < out.length; d++) {
                out[d] += w * y[d];
            }
        }
        if (c.sharedExpert()) { // Qwen2MoeSparseMoeBlock: + sigmoid(shared_expert_gate(x)) * shared_expert(x)
            double gate = 1 / (1 + Math.exp(-linear(matrix(block + "shared_expert_gate.weight"), x, null)[0]));
            double[] y = mlp(block + "shared_expert.", "gate_proj", "up_proj", "down_proj", x);
            for (int d = 0; d < out.length; d++) {
                out[d] += gate * y[d];
            }
        }
        return out;
    }

    /** down(silu(gate x) ⊙ up x). */
    private double[] mlp(String p, String gate, String up, String down, double[] x) {
        double[] g = linear(matrix(p + gate + ".weight"), x, null);
        double[] u = linear(matrix(p + up + ".weight"), x, null);
        for (int i = 0; i < g.length; i++) {
            g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
        }
        return linear(matrix(p + down + ".weight"), g, null);
    }

    private double[] perHeadNorm(double[] x, double[] w) {
        int hd = c.headDim();
        double[] out = new double[x.length];
        for (int off = 0; off < x.length; off += hd) {
            double[] head = java.util.Arrays.copyOfRange(x, off, off + hd);
            System.arraycopy(rmsNorm(head, w), 0, out, off, hd);
        }
        return out;
    }

    /** HF RMSNorm: w · x / sqrt(mean(x²) + eps). */
    private double[] rmsNorm(double[] x, double[] w) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + c.eps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = w[i] * x[i] * inv;
        }
        return out;
    }

    /** y = W x (+ b) for W [out, in]. */
    private static double[] linear(WeightTensor w, double[] x, double[] b) {
        if (w.cols() != x.length) {
            throw new IllegalArgumentException(w.name() + " has " + w.cols() + " columns, input has " + x.length);
        }
        double[] y = new double[w.rows()];
        for (int r = 0; r < y.length; r++) {
            double s = b == null ? 0 : b[r];
            for (int col = 0; col < x.length; col++) {
                s += w.get(r, col) * x[col];
            }
            y[r] = s;
        }
        return y;
    }

    private static double[] row(WeightTensor w, int r) {
        double[] out = new double[w.cols()];
        for (int col = 0; col < out.length; col++) {
            out[col] = w.get(r, col);
        }
        return out;
    }

    private static void addInto(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    private static void clamp(double[] x, double limit) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.clamp(x[i], -limit, limit);
        }
    }

    private WeightTensor matrix(String name) {
        // quantized weights are dequantized once; a pack-quantized one exists as <name>_packed
        return matrices.computeIfAbsent(name, n -> ReferenceDequantized.matrix(store, json, n));
    }

    private double[] vector(String name) {
        long[] shape = store.info(name).shape();
        if (shape.length != 1) {
            throw new IllegalArgumentException(name + " is not a vector");
        }
        float[] v = store.vector(name, (int) shape[0]);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
