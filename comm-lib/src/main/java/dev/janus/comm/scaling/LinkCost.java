package dev.janus.comm.scaling;

/**
 * Hockney's α–β cost of one sender's messages, the form of twophase/CommunicationCostModel
 * (a message costs α plus β per byte; phase 1 of two-phase uses the node link α_node, β_node):
 * <pre>
 *   direct    = m·α + B·β
 *   two-phase = [n &gt; 1] (α_node + B·β_node) + (m_node / n)·α + B·β
 * </pre>
 * Mirrored here rather than called, for two reasons: the latency model works with expected,
 * real-valued message counts (CommunicationCostModel's StepShape holds integers, and rounding
 * would make TPOT jump with the batch), and phase 2 is charged {@code m_node / n} — the MoE
 * instances the whole node's rows reach, shared by its n senders — where the runtime model, which
 * knows only its own rows, assumes {@code m / n}. With every instance reached (m = m_node) the two
 * agree ({@code LinkCostTest} checks it against CommunicationCostModel). Phase 1 is charged to
 * every sender (the slowest sender, not the aggregator host, sets the layer's time).
 *
 * @param alphaNanos           per-message latency of the link between the pools
 * @param betaNanosPerByte     per-byte time of that link
 * @param nodeAlphaNanos       per-message latency inside a node (phase 1)
 * @param nodeBetaNanosPerByte per-byte time inside a node (phase 1)
 */
public record LinkCost(double alphaNanos, double betaNanosPerByte, double nodeAlphaNanos, double nodeBetaNanosPerByte) {

    public LinkCost {
        if (!(alphaNanos >= 0) || !(betaNanosPerByte >= 0) || !(nodeAlphaNanos >= 0) || !(nodeBetaNanosPerByte >= 0)) {
            throw new IllegalArgumentException("link constants must be >= 0");
        }
    }

    public double direct(double messages, double bytes) {
        return messages * alphaNanos + bytes * betaNanosPerByte;
    }

    /** @param nodeMessages MoE instances the node's rows reach; n senders share them */
    public double twoPhase(double nodeMessages, double bytes, int nodeMembers) {
        double phase1 = nodeMembers > 1 ? nodeAlphaNanos + bytes * nodeBetaNanosPerByte : 0;
        return phase1 + nodeMessages / nodeMembers * alphaNanos + bytes * betaNanosPerByte;
    }

    /** The cost under a policy; ADAPTIVE takes the cheaper, as CommunicationCostModel.choose does. */
    public double cost(CommPolicy policy, double messages, double nodeMessages, double bytes, int nodeMembers) {
        return switch (policy) {
            case DIRECT -> direct(messages, bytes);
            case TWO_PHASE -> twoPhase(nodeMessages, bytes, nodeMembers);
            case ADAPTIVE -> Math.min(direct(messages, bytes), twoPhase(nodeMessages, bytes, nodeMembers));
        };
    }
}
