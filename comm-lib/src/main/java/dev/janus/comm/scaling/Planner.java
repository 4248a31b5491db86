package dev.janus.comm.scaling;

import dev.janus.comm.placement.policy.ClusterShape;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SLO-aware sizing (Janus, arXiv 2512.13525, §4; DESIGN.md §1.5): for a load and a TPOT SLO, the fewest GPUs that
 * meet it, with the steady batch of Little's law ({@link SteadyBatch}) and the memory limits of
 * {@link MemoryBudget}; ties go to the lower TPOT. Three families of shapes, each its own search:
 * <ul>
 *   <li>Janus: n_a attention + n_e MoE instances, every split with n_e ≥ ⌈E / C_max⌉, R replicas
 *       ({@link PlannerOptions#redundancyFraction}), the configured communication;</li>
 *   <li>monolithic (SGLang-like): G GPUs each with attention and E/G experts (plus replicas),
 *       all-to-all direct;</li>
 *   <li>static (MegaScale-Infer-like): disaggregated at the fixed ratio n_a / n_e, no replicas,
 *       direct.</li>
 * </ul>
 * All get the same ping-pong micro-batches. Pure and thread-safe; {@link #size} costs
 * milliseconds once the a_max source is warm, {@link #plan} adds one placement of the chosen n_e
 * (cached per (n_e, R)).
 */
public final class Planner {

    private final ModelDescription model;
    private final TpotModel tpot;
    private final MemoryBudget memory;
    private final PlannerOptions options;
    private final ExpertLoad load;
    private final CoActivation coActivation;
    private final ConcurrentHashMap<Long, Placement> placements = new ConcurrentHashMap<>();

    /** @param load expert statistics for the placement (MoE layers × E), e.g. ExpertLoad.uniform */
    public Planner(ModelDescription model, HardwareProfile profile, AMaxSource aMax, PlannerOptions options,
                   ExpertLoad load, CoActivation coActivation) {
        if (load.experts() != model.experts()) {
            throw new IllegalArgumentException("the expert load has " + load.experts() + " experts, the model " + model.experts());
        }
        this.model = model;
        this.tpot = new TpotModel(new LayerLatency(model, profile), aMax);
        this.memory = MemoryBudget.of(model, profile);
        this.options = options;
        this.load = load;
        this.coActivation = coActivation;
    }

    /** The analytic a_max bound and a uniform expert load (one statistics row per MoE layer). */
    public static Planner analytic(ModelDescription model, HardwareProfile profile, PlannerOptions options) {
        return new Planner(model, profile, AnalyticAMax.of(model), options,
                ExpertLoad.uniform(model.moeLayers(), model.experts()), CoActivation.none(model.moeLayers(), model.experts()));
    }

    public TpotModel tpotModel() {
        return tpot;
    }

    public MemoryBudget memory() {
        return memory;
    }

    /** The sizings and the placement for Janus's n_e. */
    public Plan plan(PlanRequest request) {
        Plan sized = size(request);
        Sizing s = sized.sizing();
        if (!s.feasible()) {
            return sized;
        }
        Placement p = placement(s.moeInstances(), s.redundantSlots());
        double tokens = new ShapeSearch(tpot, memory, request, options.prefill())
                .load(s.predictedTpotMs() * 1e6).tokens();
        double aMax = tpot.aMaxSource().activity(s.moeInstances(), s.redundantSlots(), tokens).aMax();
        PlacementSummary summary = new PlacementSummary(options.placementPolicy(), s.moeInstances(),
                p.slotsPerInstance(), s.redundantSlots(), p.layers(), aMax);
        return new Plan(s, summary, p, sized.monolithic(), sized.staticDisaggregation());
    }

    /** The sizings only, no placement: what a simulator calls often. */
    public Plan size(PlanRequest request) {
        ShapeSearch search = new ShapeSearch(tpot, memory, request, options.prefill());
        return new Plan(janus(search), null, null, monolithic(search), staticDisaggregation(search));
    }

    /** Janus's sizing alone (what a scaler re-planning often asks; {@link #size} plans all three). */
    public Sizing sizeJanus(PlanRequest request) {
        return janus(new ShapeSearch(tpot, memory, request, options.prefill()));
    }

    /** The monolithic baseline's sizing alone. */
    public Sizing sizeMonolithic(PlanRequest request) {
        return monolithic(new ShapeSearch(tpot, memory, request, options.prefill()));
    }

    /** The static-disaggregation baseline's sizing alone. */
    public Sizing sizeStatic(PlanRequest request) {
        return staticDisaggregation(new ShapeSearch(tpot, memory, request, options.prefill()));
    }

    /** R for n_e MoE instances: ⌈E × fraction⌉, within the free slots and one replica per instance. */
    public int redundantSlots(int moeInstances, int maxSlotsPerInstance) {
        long free = (long) moeInstances * maxSlotsPerInstance - model.experts();
        long wanted = (long) Math.ceil(model.experts() * options.redundancyFraction());
        return (int) Math.max(0, Math.min(Math.min(wanted, free), (long) model.experts() * (moeInstances - 1)));
    }

    /** The placement policy's placement for (n_e, R) on the load, cached. */
    public Placement placement(int moeInstances, int redundantSlots) {
        return placements.computeIfAbsent(((long) moeInstances << 32) | redundantSlots, k -> PlacementPolicy
                .fromName(options.placementPolicy()).plan(load, coActivation,
                        ClusterShape.forRedundantSlots(model.experts(), moeInstances, redundantSlots, 0), Pins.NONE,
                        redundantSlots));
    }

    private Sizing janus(ShapeSearch search) {
        Sizing refused = weightsRefused();
        if (refused != null) {
            return refused;
        }
        int minE = memory.minMoeInstances();
        int cMax = memory.maxSlotsPerInstance();
        return search.search(minE + 1, options.maxAttentionInstances() + options.maxMoeInstances(), g -> {
            List<Deployment> shapes = new ArrayList<>();
            for (int e = minE; e <= Math.min(options.maxMoeInstances(), g - 1); e++) {
                if (g - e <= options.maxAttentionInstances()) {
                    shapes.add(Deployment.disaggregated(g - e, e, redundantSlots(e, cMax), options.comm(),
                            options.maxMicroBatches()));
                }
            }
            return shapes;
        }, bounds());
    }

    private Sizing staticDisaggregation(ShapeSearch search) {
        Sizing refused = weightsRefused();
        if (refused != null) {
            return refused;
        }
        int minE = memory.minMoeInstances();
        double ratio = options.staticAttentionPerMoe();
        return search.search(2, options.maxAttentionInstances() + options.maxMoeInstances(), g -> {
            int e = (int) Math.clamp(Math.round(g / (1 + ratio)), 1, g - 1);
            boolean fits = e >= minE && e <= options.maxMoeInstances() && g - e <= options.maxAttentionInstances();
            return fits ? List.of(Deployment.disaggregated(g - e, e, 0, CommPolicy.DIRECT, options.maxMicroBatches()))
                    : List.of();
        }, bounds() + " at n_a / n_e = " + ratio);
    }

    private Sizing monolithic(ShapeSearch search) {
        if (memory.attentionKvBytes() <= 0) {
            return weightsRefused();
        }
        int cMax = (int) Math.floor(memory.attentionKvBytes() / memory.expertSlotBytes());
        int maxGpus = options.maxAttentionInstances() + options.maxMoeInstances();
        int minGpus = cMax == 0 ? Integer.MAX_VALUE : (model.experts() + cMax - 1) / cMax;
        if (minGpus > maxGpus) {
            return Sizing.infeasible(FailedConstraint.EXPERT_MEMORY, String.format("attention weights plus 1/G of"
                    + " the %.1f GB of routed experts need G >= %s GPUs of %.1f GB usable; at most %d allowed",
                    model.routedExpertBytes() / 1e9, cMax == 0 ? "(none: one expert slot does not fit)" : minGpus,
                    memory.usableBytes() / 1e9, maxGpus));
        }
        return search.search(minGpus, maxGpus, g -> List.of(Deployment.colocated(g, redundantSlots(g, cMax),
                CommPolicy.DIRECT, options.maxMicroBatches())), "G <= " + maxGpus + " GPUs");
    }

    private Sizing weightsRefused() {
        if (memory.attentionKvBytes() <= 0) {
            return Sizing.infeasible(FailedConstraint.ATTENTION_MEMORY, String.format("the attention-side weights"
                    + " (%.1f GB) exceed one GPU's usable %.1f GB", model.attentionWeightBytes() / 1e9,
                    memory.usableBytes() / 1e9));
        }
        if (memory.minMoeInstances() > options.maxMoeInstances()) {
            return Sizing.infeasible(FailedConstraint.EXPERT_MEMORY, String.format("the routed experts (%.1f GB)"
                    + " need n_e >= %s MoE instances of %.1f GB usable; at most %d allowed",
                    model.routedExpertBytes() / 1e9, memory.maxSlotsPerInstance() == 0 ? "(none: one expert slot"
                            + " does not fit)" : String.valueOf(memory.minMoeInstances()),
                    memory.usableBytes() / 1e9, options.maxMoeInstances()));
        }
        return null;
    }

    private String bounds() {
        return "n_a <= " + options.maxAttentionInstances() + ", n_e <= " + options.maxMoeInstances();
    }
}
