package dev.janus.model.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.janus.model.tensor.WeightTensor;
import dev.janus.model.weights.WeightStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The sibling of {@link NaiveReferenceForward} for DeepseekV2ForCausalLM / DeepseekV3ForCausalLM,
 * written from HF modeling_deepseek_v2.py / modeling_deepseek_v3.py in double precision and in
 * their EXPANDED form (k_nope and v decompressed per head and position with kv_b_proj, nothing
 * absorbed, no cache), so it shares no shortcut with the engine's absorbed MLA. Config read
 * straight from config.json with the HF config defaults. RoPE as each version writes it: V2
 * complex multiplication on the interleaved layout; V3 with rope_interleave de-interleaves q_pe
 * and k_pe (evens, then odds) and applies rotate_half. Tiny models only.
 */
public final class NaiveDeepseekReference {

    private static final double LORA_NORM_EPS = 1e-6; // q_a_layernorm / kv_a_layernorm default eps

    private final JsonNode c;
    private final java.util.Map<String, WeightTensor> matrices = new java.util.HashMap<>();
    private final boolean v3;
    private final WeightStore store;
    private final ReferenceRope rope;
    private final int heads;
    private final int nope;
    private final int ropeDim;
    private final int vDim;
    private final int rank;
    private final double scale;
    private final double eps;

    public NaiveDeepseekReference(Path modelDir, WeightStore store) {
        try {
            this.c = new ObjectMapper().readTree(Files.readString(modelDir.resolve("config.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.v3 = c.get("model_type").asText().equals("deepseek_v3");
        this.store = store;
        this.heads = c.get("num_attention_heads").asInt();
        this.nope = intOr("qk_nope_head_dim", 128);
        this.ropeDim = intOr("qk_rope_head_dim", 64);
        this.vDim = intOr("v_head_dim", 128);
        this.rank = intOr("kv_lora_rank", 512);
        this.eps = c.hasNonNull("rms_norm_eps") ? c.get("rms_norm_eps").asDouble() : 1e-6;
        JsonNode scaling = c.hasNonNull("rope_scaling") ? c.get("rope_scaling") : null;
        this.rope = ReferenceRope.of(ropeDim, c.hasNonNull("rope_theta") ? c.get("rope_theta").asDouble() : 10000.0,
                scaling, intOr("max_position_embeddings", v3 ? 4096 : 2048));
        double s = Math.pow(nope + ropeDim, -0.5);
        if (scaling != null && scaling.hasNonNull("mscale_all_dim") && scaling.get("mscale_all_dim").asDouble() != 0) {
            double factor = scaling.get("factor").asDouble();
            double m = factor <= 1 ? 1 : 0.1 * scaling.get("mscale_all_dim").asDouble() * Math.log(factor) + 1;
            s = s * m * m;
        }
        this.scale = s;
    }

    public int vocabSize() {
        return c.get("vocab_size").asInt();
    }

    public double[][] logits(int[] ids) {
        int n = ids.length;
        int hidden = c.get("hidden_size").asInt();
        WeightTensor embed = matrix("model.embed_tokens.weight");
        double[][] h = new double[n][];
        for (int t = 0; t < n; t++) {
            h[t] = row(embed, ids[t]);
        }
        int firstDense = intOr("first_k_dense_replace", v3 ? 3 : 0);
        for (int l = 0; l < c.get("num_hidden_layers").asInt(); l++) {
            String p = "model.layers." + l + ".";
            double[][] x = new double[n][];
            for (int t = 0; t < n; t++) {
                x[t] = rmsNorm(h[t], vector(p + "input_layernorm.weight"), eps);
            }
            double[][] attn = attention(p + "self_attn.", x);
            for (int t = 0; t < n; t++) {
                add(h[t], attn[t]);
                double[] y = rmsNorm(h[t], vector(p + "post_attention_layernorm.weight"), eps);
                add(h[t], l >= firstDense ? moe(p + "mlp.", y) : mlp(p + "mlp.", y));
            }
        }
        WeightTensor head = matrix("lm_head.weight");
        double[][] logits = new double[n][];
        for (int t = 0; t < n; t++) {
            logits[t] = linear(head, rmsNorm(h[t], vector("model.norm.weight"), eps));
        }
        assert hidden == h[0].length;
        return logits;
    }

    private double[][] attention(String p, double[][] x) {
        int n = x.length;
        int qk = nope + ropeDim;
        double[][] q = new double[n][];
        double[][] kPe = new double[n][];
        double[][] kv = new double[n][];
        boolean lora = !(c.has("q_lora_rank") && c.get("q_lora_rank").isNull());
        for (int t = 0; t < n; t++) {
            q[t] = lora ? linear(matrix(p + "q_b_proj.weight"),
                    rmsNorm(linear(matrix(p + "q_a_proj.weight"), x[t]), vector(p + "q_a_layernorm.weight"), LORA_NORM_EPS))
                    : linear(matrix(p + "q_proj.weight"), x[t]);
            double[] ckv = linear(matrix(p + "kv_a_proj_with_mqa.weight"), x[t]);
            double[] latent = rmsNorm(Arrays.copyOf(ckv, rank), vector(p + "kv_a_layernorm.weight"), LORA_NORM_EPS);
            kv[t] = linear(matrix(p + "kv_b_proj.weight"), latent); // [heads, nope + v]
            kPe[t] = rotate(Arrays.copyOfRange(ckv, rank, rank + ropeDim), t);
            for (int hd = 0; hd < heads; hd++) {
                double[] qPe = rotate(Arrays.copyOfRange(q[t], hd * qk + nope, (hd + 1) * qk), t);
                System.arraycopy(qPe, 0, q[t], hd * qk + nope, ropeDim);
            }
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] o = new double[heads * vDim];
            for (int hd = 0; hd < heads; hd++) {
                double[] scores = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) { // key_h = [k_nope_h, k_pe] (k_pe shared by all heads)
                    double s = 0;
                    for (int d = 0; d < nope; d++) {
                        s += q[i][hd * qk + d] * kv[j][hd * (nope + vDim) + d];
                    }
                    for (int d = 0; d < ropeDim; d++) {
                        s += q[i][hd * qk + nope + d] * kPe[j][d];
                    }
                    scores[j] = s * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j <= i; j++) {
                    for (int d = 0; d < vDim; d++) {
                        o[hd * vDim + d] += scores[j] / sum * kv[j][hd * (nope + vDim) + nope + d];
                    }
                }
            }
            out[i] = linear(matrix(p + "o_proj.weight"), o);
        }
        return out;
    }

    /** The rope slice after RoPE, in the layout the HF version returns it (see the class comment). */
    private double[] rotate(double[] x, int position) {
        if (!v3) {
            rope.rotateComplex(x, 0, position);
            return x;
        }
        double[] y = x;
        if (!c.hasNonNull("rope_interleave") || c.get("rope_interleave").asBoolean()) {
            y = new double[x.length]; // view(d/2, 2).transpose: evens then odds
            for (int i = 0; i < x.length / 2; i++) {
                y[i] = x[2 * i];
                y[x.length / 2 + i] = x[2 * i + 1];
            }
        }
        rope.rotate(y, 0, position);
        return y;
    }

    private double[] moe(String p, double[] x) {
        int experts = c.get("n_routed_experts").asInt();
        int k = c.get("num_experts_per_tok").asInt();
        double[] logits = linear(matrix(p + "gate.weight"), x);
        double[] score = new double[experts];
        double[] choice = new double[experts];
        if (v3) { // DeepseekV3TopkRouter: sigmoid, + e_score_correction_bias for the choice only
            double[] bias = vector(p + "gate.e_score_correction_bias");
            for (int e = 0; e < experts; e++) {
                score[e] = 1 / (1 + Math.exp(-logits[e]));
                choice[e] = score[e] + bias[e];
            }
        } else { // DeepseekV2Moe: softmax
            double max = Arrays.stream(logits).max().orElseThrow();
            double sum = 0;
            for (int e = 0; e < experts; e++) {
                score[e] = Math.exp(logits[e] - max);
                sum += score[e];
            }
            for (int e = 0; e < experts; e++) {
                score[e] /= sum;
                choice[e] = score[e];
            }
        }
        String method = v3 ? "noaux_tc" : c.hasNonNull("topk_method") ? c.get("topk_method").asText() : "greedy";
        if (!method.equals("greedy")) {
            int groups = c.get("n_group").asInt();
            int size = experts / groups;
            double[] groupScore = new double[groups];
            for (int g = 0; g < groups; g++) {
                double[] members = Arrays.copyOfRange(choice, g * size, (g + 1) * size);
                Arrays.sort(members);
                groupScore[g] = v3 ? members[size - 1] + members[size - 2] : members[size - 1];
            }
            int[] kept = topIndices(groupScore, c.get("topk_group").asInt());
            boolean[] keep = new boolean[groups];
            for (int g : kept) {
                keep[g] = true;
            }
            for (int e = 0; e < experts; e++) {
                if (!keep[e / size]) {
                    choice[e] = 0.0; // HF masked_fill(~mask, 0.0)
                }
            }
        }
        int[] chosen = topIndices(choice, k);
        double norm = 1;
        if (v3 && (!c.hasNonNull("norm_topk_prob") || c.get("norm_topk_prob").asBoolean())) {
            norm = 1e-20;
            for (int e : chosen) {
                norm += score[e];
            }
        }
        double rsf = c.hasNonNull("routed_scaling_factor") ? c.get("routed_scaling_factor").asDouble() : v3 ? 2.5 : 1.0;
        double[] out = new double[x.length];
        for (int e : chosen) {
            double w = score[e] / norm * rsf;
            double[] y = mlp(p + "experts." + e + ".", x);
            for (int d = 0; d < out.length; d++) {
                out[d] += w * y[d];
            }
        }
        if (store.contains(p + "shared_experts.gate_proj.weight")) {
            add(out, mlp(p + "shared_experts.", x));
        }
        return out;
    }

    /** Indices of the k largest values, largest first, ties to the lower index. */
    private static int[] topIndices(double[] v, int k) {
        boolean[] taken = new boolean[v.length];
        int[] out = new int[k];
        for (int s = 0; s < k; s++) {
            int best = -1;
            for (int i = 0; i < v.length; i++) {
                if (!taken[i] && (best < 0 || v[i] > v[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            out[s] = best;
        }
        return out;
    }

    private double[] mlp(String p, double[] x) {
        double[] g = linear(matrix(p + "gate_proj.weight"), x);
        double[] u = linear(matrix(p + "up_proj.weight"), x);
        for (int i = 0; i < g.length; i++) {
            g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
        }
        return linear(matrix(p + "down_proj.weight"), g);
    }

    private static double[] rmsNorm(double[] x, double[] w, double eps) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = w[i] * x[i] * inv;
        }
        return out;
    }

    private static double[] linear(WeightTensor w, double[] x) {
        if (w.cols() != x.length) {
            throw new IllegalArgumentException(w.name() + " has " + w.cols() + " columns, input has " + x.length);
        }
        double[] y = new double[w.rows()];
        for (int r = 0; r < y.length; r++) {
            double s = 0;
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

    private static void add(double[] acc, double[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    private int intOr(String field, int dflt) {
        return c.hasNonNull(field) ? c.get(field).asInt() : dflt;
    }

    private WeightTensor matrix(String name) {
        return matrices.computeIfAbsent(name, n -> ReferenceDequantized.matrix(store, c, n)); // FP8: dequantized once
    }

    private double[] vector(String name) {
        float[] v = store.vector(name, (int) store.info(name).shape()[0]);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
