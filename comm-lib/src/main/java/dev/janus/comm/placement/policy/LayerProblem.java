package dev.janus.comm.placement.policy;

/**
 * What a policy plans one layer from.
 *
 * @param layer  MoE layer
 * @param load   {@code [E]} tokens per logical expert (as double: EPLB divides it by replicas)
 * @param shape  the cluster
 * @param demand the layer's pins, checked
 */
record LayerProblem(int layer, double[] load, ClusterShape shape, LayerDemand demand) {

    int experts() {
        return load.length;
    }
}
