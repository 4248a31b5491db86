package dev.janus.model.moe;

import dev.janus.model.config.ModelConfig;
import dev.janus.model.config.RoutingConfig;
import dev.janus.model.config.ScoringFunction;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;

/** The router a config's routing rule calls for: one {@link Router} per scoring rule. */
public final class Routers {

    private Routers() {
    }

    public static Router forConfig(ModelConfig cfg, ModelWeights weights, MatmulKernel matmul) {
        RoutingConfig rule = cfg.routing();
        if (rule.isPlainSoftmaxTopK()) {
            return new SoftmaxTopKRouter(weights, matmul, cfg.numExperts(), cfg.numExpertsPerToken(), cfg.normTopkProb());
        }
        if (rule.scoring() == ScoringFunction.SIGMOID) {
            return new NoauxTcRouter(weights, matmul, cfg.numExperts(), cfg.numExpertsPerToken(), cfg.normTopkProb(), rule);
        }
        return new GroupLimitedSoftmaxRouter(weights, matmul, cfg.numExperts(), cfg.numExpertsPerToken(), rule);
    }
}
