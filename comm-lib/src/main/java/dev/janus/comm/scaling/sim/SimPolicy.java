package dev.janus.comm.scaling.sim;

/** The three systems the simulator compares (paper §4's comparison; issue 12 §4). */
public enum SimPolicy {
    /** Attention and experts on the same GPUs, expert parallel, sized once (SGLang-like). */
    MONOLITHIC("monolithic"),
    /** Disaggregated at a fixed n_a / n_e, no replicas, direct M2N, sized once (MegaScale-Infer-like). */
    STATIC("static"),
    /** Disaggregated, re-planned by the scaler as the load moves, adaptive comm, replicated experts. */
    JANUS("janus");

    private final String label;

    SimPolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
