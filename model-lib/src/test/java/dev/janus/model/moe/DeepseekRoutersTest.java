package dev.janus.model.moe;

import dev.janus.model.config.RoutingConfig;
import dev.janus.model.config.ScoringFunction;
import dev.janus.model.kernels.ScalarMatmulKernel;
import dev.janus.model.model.LayerWeights;
import dev.janus.model.model.MlpWeights;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.model.MoeWeights;
import dev.janus.model.tensor.WeightTensor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Worked examples of the DeepSeek routers. The gate is the identity, so the token's hidden state
 * IS its router logits; 8 experts in 4 groups of 2.
 */
class DeepseekRoutersTest {

    private static final int E = 8;

    private static ModelWeights gateIdentity(float[] bias) {
        float[] id = new float[E * E];
        for (int e = 0; e < E; e++) {
            id[e * E + e] = 1f;
        }
        MoeWeights moe = new MoeWeights(WeightTensor.ofFloats("gate", id, E, E), new MlpWeights[E], null, null, bias);
        return new ModelWeights(null, new LayerWeights[] {new LayerWeights(null, null, null, null, moe, null)}, null, null);
    }

    private static RoutingDecision route(Router router, float... logits) {
        RoutingDecision d = new RoutingDecision();
        router.route(0, logits, 1, d);
        return d;
    }

    /**
     * logits [3, 0, | 2.9, 2.8, | 0, 0, | 1, 0]: group maxima 3, 2.9, 0, 1 keep groups 0 and 1;
     * top-3 inside them are experts 0, 2, 3 (expert 6 with logit 1 is out, its group lost);
     * weights = softmax over all 8 × 2.5, not renormalised.
     */
    @Test
    void v2GroupLimitedGreedy() {
        RoutingConfig rule = new RoutingConfig(ScoringFunction.SOFTMAX, 4, 2, 2.5, false);
        Router router = new GroupLimitedSoftmaxRouter(gateIdentity(null), new ScalarMatmulKernel(), E, 3, rule);
        float[] z = {3, 0, 2.9f, 2.8f, 0, 0, 1, 0};
        RoutingDecision d = route(router, z);
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v);
        }
        assertThat(new int[] {d.expert(0, 0), d.expert(0, 1), d.expert(0, 2)}).containsExactly(0, 2, 3);
        assertThat((double) d.weight(0, 0)).isCloseTo(Math.exp(3) / sum * 2.5, within(1e-6));
        assertThat((double) d.weight(0, 2)).isCloseTo(Math.exp(2.8) / sum * 2.5, within(1e-6));
    }

    /** One group = "greedy": the plain top-k of the softmax, here expert 6 makes it. */
    @Test
    void v2Greedy() {
        RoutingConfig rule = new RoutingConfig(ScoringFunction.SOFTMAX, 1, 1, 1.0, false);
        Router router = new GroupLimitedSoftmaxRouter(gateIdentity(null), new ScalarMatmulKernel(), E, 4, rule);
        RoutingDecision d = route(router, 3, 0, 2.9f, 2.8f, 0, 0, 1, 0);
        assertThat(new int[] {d.expert(0, 0), d.expert(0, 1), d.expert(0, 2), d.expert(0, 3)}).containsExactly(0, 2, 3, 6);
    }

    /**
     * sigmoid scores s; the bias makes expert 5 (group 2) the choice over expert 0 although its
     * raw score is lower: biased group sums (top-2) pick groups 2 and 3; the weights are the
     * UNBIASED s of the chosen experts, renormalised, × 2.5.
     */
    @Test
    void v3NoauxTc() {
        float[] bias = {-1, -1, -1, -1, 0.5f, 0.5f, 0, 0};
        RoutingConfig rule = new RoutingConfig(ScoringFunction.SIGMOID, 4, 2, 2.5, true);
        Router router = new NoauxTcRouter(gateIdentity(bias), new ScalarMatmulKernel(), E, 2, true, rule);
        float[] z = {2, 1.5f, 2, 1.9f, -1, 0, 1, -2};
        RoutingDecision d = route(router, z);
        double[] s = new double[E];
        for (int e = 0; e < E; e++) {
            s[e] = 1 / (1 + Math.exp(-z[e]));
        }
        // biased group sums: g0 = s0+s1-2, g1 = s2+s3-2, g2 = s4+s5+1, g3 = s6+s7 -> groups 2 and 3
        // biased choice inside them: s5+0.5 = 1.0, s6 = 0.73, s4+0.5 = 0.77 -> experts 5 and 4
        assertThat(new int[] {d.expert(0, 0), d.expert(0, 1)}).containsExactlyInAnyOrder(5, 4);
        double norm = s[4] + s[5];
        for (int slot = 0; slot < 2; slot++) {
            int e = d.expert(0, slot);
            assertThat((double) d.weight(0, slot)).isCloseTo(s[e] / norm * 2.5, within(1e-6));
        }
        assertThat(d.weight(0, 0)).isGreaterThanOrEqualTo(d.weight(0, 1)); // listed by descending weight
    }

    /**
     * HF (transformers 4.x modeling_deepseek_v3.py, like DeepSeek's own code) masks the dropped
     * groups' choice scores to 0.0, not -inf: when kept experts' biased scores are negative, masked
     * experts (0.0) win slots. We reproduce that exactly.
     */
    @Test
    void v3MaskedGroupsScoreZeroAsInHf() {
        float[] bias = {-3, -3, -3, -3, -3, -3, -3, -3};
        RoutingConfig rule = new RoutingConfig(ScoringFunction.SIGMOID, 4, 1, 1.0, true);
        Router router = new NoauxTcRouter(gateIdentity(bias), new ScalarMatmulKernel(), E, 3, false, rule);
        // group 0 kept (largest biased sum, ≈ -4.0); its biased scores ≈ -2.0 lose to the masked
        // experts' 0.0, so HF picks masked experts 2, 3, 4 (ties: lowest ids)
        RoutingDecision d = route(router, 5, 4, 0, 0, 0, 0, 0, 0);
        assertThat(new int[] {d.expert(0, 0), d.expert(0, 1), d.expert(0, 2)}).containsExactlyInAnyOrder(2, 3, 4);
    }
}
