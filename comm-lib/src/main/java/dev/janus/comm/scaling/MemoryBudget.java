package dev.janus.comm.scaling;

/**
 * What fits in one GPU (DESIGN.md §1.5: KV per attention instance, weights per MoE instance).
 * An expert slot holds one routed expert in every MoE layer (placements give each instance C
 * slots per layer, the same in every layer), so {@code C_max = ⌊usable / (L·W_e)⌋} and
 * {@code n_e ≥ ⌈E / C_max⌉}. The KV cache counts the mean context in use (prompt + half the output
 * per running request): a paged KV cache holds what is in use, plus one partly filled block each.
 *
 * @param usableBytes          memory × usable fraction
 * @param attentionWeightBytes what every attention instance (or monolithic GPU) holds besides KV
 * @param expertSlotBytes      one routed expert in every MoE layer
 * @param kvBytesPerToken      KV cache of one token over all layers
 * @param experts              E
 */
public record MemoryBudget(double usableBytes, double attentionWeightBytes, double expertSlotBytes,
                           double kvBytesPerToken, int experts) {

    public static MemoryBudget of(ModelDescription model, HardwareProfile profile) {
        return new MemoryBudget(profile.usableMemoryBytes(), model.attentionWeightBytes(),
                model.moeLayers() * model.expertBytes(), model.kvBytesPerToken(), model.experts());
    }

    /** C_max: expert slots per layer one MoE instance can hold. */
    public int maxSlotsPerInstance() {
        return (int) Math.min(Integer.MAX_VALUE, Math.floor(usableBytes / expertSlotBytes));
    }

    /** ⌈E / C_max⌉, or Integer.MAX_VALUE when not even one expert fits. */
    public int minMoeInstances() {
        int c = maxSlotsPerInstance();
        return c == 0 ? Integer.MAX_VALUE : (experts + c - 1) / c;
    }

    /** Bytes left for KV on an attention instance (negative: the weights do not fit). */
    public double attentionKvBytes() {
        return usableBytes - attentionWeightBytes;
    }

    /** Bytes left for KV on a monolithic GPU that also holds {@code slots} expert slots. */
    public double colocatedKvBytes(int slots) {
        return usableBytes - attentionWeightBytes - slots * expertSlotBytes;
    }

    /** Whether {@code tokens} resident context tokens fit in {@code kvBytes}. */
    public boolean kvFits(double tokens, double kvBytes) {
        return tokens * kvBytesPerToken <= kvBytes;
    }
}
