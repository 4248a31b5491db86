package dev.janus.comm.placement.policy;

import java.util.function.LongSupplier;

/**
 * {@code janus} (the default): co-activation-aware placement (paper §3.4, DESIGN.md §1.4). Each
 * layer starts from the {@code eplb} placement (replica counts by load / replicas, replicas
 * packed to balance tokens), then {@link SwapSearch} exchanges replicas between instances while
 * that lowers the layer's predicted a_max ({@link ActivationPredictor}): experts often chosen
 * together are moved apart, and hosts of many rarely-shared experts are relieved.
 *
 * <p>Replica counts, pins and slot limits are those of the eplb start; exchanges keep them, and
 * keep replicas of an expert on distinct instances. Because the search starts from eplb and only
 * accepts exchanges that lower the worse of the two instances it touches, janus never predicts a
 * higher a_max than eplb on the same input (a property test).
 *
 * <p>Deterministic: the search is bounded by {@link JanusOptions#maxSwapEvaluations} per layer;
 * {@link JanusOptions#timeBudget} is only a safety cap on the whole plan, measured by the
 * injected ticker.
 */
public final class JanusPolicy extends LayerwisePolicy {

    public static final String NAME = "janus";

    private final JanusOptions options;
    private final LongSupplier ticker;
    private final EplbPolicy eplb;

    public JanusPolicy() {
        this(JanusOptions.DEFAULTS);
    }

    public JanusPolicy(JanusOptions options) {
        this(options, System::nanoTime);
    }

    /** @param ticker nanosecond clock for the time budget */
    public JanusPolicy(JanusOptions options, LongSupplier ticker) {
        this.options = options;
        this.ticker = ticker;
        this.eplb = new EplbPolicy(options.expertGroups());
    }

    public JanusOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    LayerPlanner start(ExpertLoad load, CoActivation coActivation, ClusterShape shape) {
        ActivationPredictor predictor = new ActivationPredictor(load, coActivation, options);
        long deadline = ticker.getAsLong() + options.timeBudget().toNanos();
        return problem -> {
            int[] slots = eplb.planLayer(problem);
            if (ticker.getAsLong() - deadline >= 0) {
                return slots;
            }
            LayerModel model = predictor.model(problem.layer(), shape.instances());
            return SwapSearch.improve(slots, problem.demand(), model, shape, options.maxSwapEvaluations(),
                    deadline, ticker);
        };
    }
}
