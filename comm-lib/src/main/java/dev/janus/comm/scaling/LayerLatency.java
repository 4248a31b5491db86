package dev.janus.comm.scaling;

/**
 * The per-layer times of DESIGN.md §1.5 for one model on one hardware profile, each a stage cost
 * ({@link StageCost}: overhead + roofline of bytes and flops), in nanoseconds on one instance:
 * <pre>
 *   T_attn(t, K) = c_a + max((W_a + K·kv) / BW,  (2·P_a·t + K·f_ctx) / F)   t tokens, K = Σ contexts
 *   T_moe(a, r)  = c_e + max(a·W_e / BW,  2·P_e·r / F)                      a = a_max, r = rows
 *   T_comm(t)    = dispatch + combine, each LinkCost's α–β form
 * </pre>
 * W_a, P_a: attention-side weight bytes / elements of a MoE layer (attention, gate, shared
 * expert); kv: KV bytes per token per layer; f_ctx: flops per (token, context token); W_e, P_e:
 * one routed expert. Each activated expert's weights are read once per step, whatever its rows
 * (DESIGN.md §1, the premise of Janus: MoE latency follows distinct activated experts, not tokens). Activations in and out
 * of the expert GEMMs (&lt; 1 % of the expert bytes at decode batch sizes) are left out.
 *
 * <p>Communication per sender with t tokens, n senders per node, N receivers, uniform routing:
 * messages {@code m = N'·(1 − (1 − 1/N)^(t·k))} (expected receivers reached; N' = N − 1 when
 * the sender is itself a receiver, colocated), node messages the same with n·t tokens; dispatch
 * sends each token once per receiver it needs ({@code N'·(1 − (1 − 1/N)^k)} per token), combine
 * returns one row per (token, expert) (colocated: the remote ones), as the wire protocol does
 * (DESIGN.md §5). The link between
 * the pools is NVLink when the whole deployment fits in one node, the inter-node link otherwise.
 */
public final class LayerLatency {

    private final ModelDescription model;
    private final StageCost attention;
    private final StageCost moe;
    private final LinkCost interNode;
    private final LinkCost intraNode;
    private final int devicesPerNode;
    private final double attentionBytes;  // W_a
    private final double denseLayerBytes;
    private final double headBytes;
    private final double rowBytes;        // one hidden row on the wire

    public LayerLatency(ModelDescription model, HardwareProfile profile) {
        this.model = model;
        this.attention = profile.attentionCost();
        this.moe = profile.moeCost();
        double nodeAlpha = profile.intraNode().alphaNanos();
        double nodeBeta = profile.intraNode().betaNanosPerByte();
        this.interNode = new LinkCost(profile.interNode().alphaNanos(), profile.interNode().betaNanosPerByte(),
                nodeAlpha, nodeBeta);
        this.intraNode = new LinkCost(nodeAlpha, nodeBeta, nodeAlpha, nodeBeta);
        this.devicesPerNode = profile.devicesPerNodeCount();
        this.attentionBytes = model.attentionParamsPerMoeLayer() * model.weightBytes();
        this.denseLayerBytes = model.paramsPerDenseLayer() * model.weightBytes();
        this.headBytes = model.headParams() * model.weightBytes();
        this.rowBytes = model.hiddenSize() * model.activationBytes();
    }

    public ModelDescription model() {
        return model;
    }

    /** T_attn of one MoE layer on an attention instance: {@code tokens}, {@code kvReads} context tokens read. */
    public double attentionNanos(double tokens, double kvReads) {
        return attention.nanos(attentionBytes + kvReads * model.kvBytesPerTokenPerLayer(),
                2.0 * model.attentionParamsPerMoeLayer() * tokens + kvReads * model.attention().flopsPerContextToken());
    }

    /** T_attn(b, ctx) for b decode tokens at context ctx. */
    public double attentionNanosAt(double batch, double context) {
        return attentionNanos(batch, batch * context);
    }

    /** One dense layer (attention and dense MLP) on an attention instance. */
    public double denseLayerNanos(double tokens, double kvReads) {
        return attention.nanos(denseLayerBytes + kvReads * model.kvBytesPerTokenPerLayer(),
                2.0 * model.paramsPerDenseLayer() * tokens + kvReads * model.attention().flopsPerContextToken());
    }

    /** lm_head for {@code tokens} on an attention instance, once per step. */
    public double headNanos(double tokens) {
        return attention.nanos(headBytes, 2.0 * model.headParams() * tokens);
    }

    /** T_moe on the busiest MoE instance. */
    public double moeNanos(MoeActivity activity) {
        return moe.nanos(activity.aMax() * model.expertBytes(), 2.0 * model.expertParams() * activity.maxRows());
    }

    /** Sending one layer's rows from a sender with {@code tokens} tokens to the MoE side. */
    public double dispatchNanos(Deployment d, double tokens) {
        return exchange(d, tokens, reached(d, model.topK()) * rowBytes);
    }

    /** Returning one row per (token, expert) to a sender with {@code tokens} tokens. */
    public double combineNanos(Deployment d, double tokens) {
        double remote = d.kind() == Deployment.Kind.COLOCATED ? (d.moeInstances() - 1.0) / d.moeInstances() : 1;
        return exchange(d, tokens, model.topK() * remote * rowBytes);
    }

    /** T_comm: dispatch and combine of one layer for a sender with {@code tokens} tokens. */
    public double commNanos(Deployment d, double tokens) {
        return dispatchNanos(d, tokens) + combineNanos(d, tokens);
    }

    private double exchange(Deployment d, double tokens, double bytesPerToken) {
        boolean colocated = d.kind() == Deployment.Kind.COLOCATED;
        if ((colocated && d.moeInstances() == 1) || tokens <= 0) {
            return 0;
        }
        int nodeMembers = Math.min(d.attentionInstances(), devicesPerNode);
        LinkCost link = d.gpus() <= devicesPerNode ? intraNode : interNode;
        double messages = reached(d, tokens * model.topK());
        double nodeMessages = reached(d, nodeMembers * tokens * model.topK());
        return link.cost(d.comm(), messages, nodeMessages, tokens * bytesPerToken, nodeMembers);
    }

    /** Expected receivers reached by {@code rows} uniformly routed rows (a colocated sender keeps its own). */
    private static double reached(Deployment d, double rows) {
        int n = d.moeInstances();
        double others = d.kind() == Deployment.Kind.COLOCATED ? n - 1 : n;
        return others * (1 - Math.pow(1 - 1.0 / n, rows));
    }
}
