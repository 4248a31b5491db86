package dev.janus.comm.scaling;

/**
 * One shape of the cluster the latency model evaluates.
 *
 * <ul>
 *   <li>{@link Kind#DISAGGREGATED}: n_a attention instances and n_e MoE instances on separate
 *       GPUs (Janus; MegaScale-Infer's static disaggregation is the same shape at a fixed ratio).</li>
 *   <li>{@link Kind#COLOCATED}: G GPUs each run attention for 1/G of the batch and host 1/G of the
 *       experts, exchanging rows all-to-all (monolithic expert parallelism, SGLang-like): n_a =
 *       n_e = G.</li>
 * </ul>
 *
 * @param redundantSlots   R: replicas per layer beyond one per logical expert
 * @param comm             how rows cross between the pools
 * @param maxMicroBatches  ping-pong micro-batches tried, 1 = no overlap
 */
public record Deployment(Kind kind, int attentionInstances, int moeInstances, int redundantSlots, CommPolicy comm,
                         int maxMicroBatches) {

    public enum Kind { DISAGGREGATED, COLOCATED }

    public Deployment {
        if (attentionInstances <= 0 || moeInstances <= 0 || redundantSlots < 0 || maxMicroBatches <= 0 || comm == null) {
            throw new IllegalArgumentException("a deployment needs instances > 0, R >= 0, micro-batches > 0 and a"
                    + " comm policy, got " + attentionInstances + ", " + moeInstances + ", " + redundantSlots + ", "
                    + maxMicroBatches);
        }
        if (kind == Kind.COLOCATED && attentionInstances != moeInstances) {
            throw new IllegalArgumentException("a colocated deployment has n_a = n_e = G");
        }
    }

    public static Deployment disaggregated(int attention, int moe, int redundantSlots, CommPolicy comm, int microBatches) {
        return new Deployment(Kind.DISAGGREGATED, attention, moe, redundantSlots, comm, microBatches);
    }

    public static Deployment colocated(int gpus, int redundantSlots, CommPolicy comm, int microBatches) {
        return new Deployment(Kind.COLOCATED, gpus, gpus, redundantSlots, comm, microBatches);
    }

    public int gpus() {
        return kind == Kind.COLOCATED ? attentionInstances : attentionInstances + moeInstances;
    }

    /** The same shape without overlap. */
    public Deployment withoutOverlap() {
        return new Deployment(kind, attentionInstances, moeInstances, redundantSlots, comm, 1);
    }
}
