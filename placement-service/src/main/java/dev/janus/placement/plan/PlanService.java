package dev.janus.placement.plan;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.placement.epoch.EpochRegistry;
import dev.janus.service.error.AdminException;
import dev.janus.placement.pin.PinStore;
import dev.janus.placement.stats.RoutingSampler;
import dev.janus.placement.stats.StatsCollector;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Makes plans: the current epoch, the merged statistics and every stored pin go into the policy;
 * the plan's effect is predicted against the current epoch. Stored plans can be applied later
 * ({@code POST /admin/placement/plans/{id}/apply}).
 */
@Service
public class PlanService {

    private final EpochRegistry registry;
    private final StatsCollector stats;
    private final RoutingSampler routing;
    private final Planner planner;
    private final EffectPredictor predictor;
    private final PinStore pins;
    private final PlanStore store;
    private final Clock clock;

    public PlanService(EpochRegistry registry, StatsCollector stats, RoutingSampler routing, Planner planner,
                       EffectPredictor predictor, PinStore pins, PlanStore store, Clock clock) {
        this.registry = registry;
        this.stats = stats;
        this.routing = routing;
        this.planner = planner;
        this.predictor = predictor;
        this.pins = pins;
        this.store = store;
        this.clock = clock;
    }

    /** Plans with the stored pins and stores the plan. */
    public PlanRecord create(String policy, Integer redundantSlots, List<Integer> layers, Integer instances) {
        PlanRecord plan = compute(policy, redundantSlots, layers, pins.load(), instances);
        store.insert(plan);
        return plan;
    }

    /**
     * A plan, not stored.
     *
     * @param redundantSlots R, or null for the current epoch's (at most what the instances can hold)
     * @param layers         layers to re-plan, or null for all
     */
    public PlanRecord compute(String policy, Integer redundantSlots, List<Integer> layers, Pins constraints) {
        return compute(policy, redundantSlots, layers, constraints, null);
    }

    /** The same on {@code instances} MoE instances (null: the current epoch's). */
    public PlanRecord compute(String policy, Integer redundantSlots, List<Integer> layers, Pins constraints,
                              Integer instances) {
        if (!PlacementPolicy.isKnown(policy)) {
            throw AdminException.badRequest("Unknown policy '" + policy + "'; known: "
                    + String.join(", ", PlacementPolicy.names()) + ".");
        }
        PlacementEpoch current = registry.require();
        Set<Integer> layerSet = layers == null ? null : layerSet(layers, current.layers());
        Planner.Inputs inputs = Planner.Inputs.of(current,
                stats.merged(current.layers(), current.logicalExperts()).snapshot());
        int n = instances == null ? current.instances() : instances;
        // unset: the current epoch's R, as far as n instances can hold it (E * (n - 1); a plan for
        // fewer instances, e.g. the scaler's {"instances": 1}, must not inherit an impossible R)
        int r = redundantSlots != null ? redundantSlots
                : (int) Math.min(Planner.redundantSlots(current), (long) current.logicalExperts() * Math.max(0, n - 1));
        if (n != current.instances() && layerSet != null) {
            throw AdminException.badRequest("Changing the number of MoE instances (" + current.instances() + " -> " + n
                    + ") re-plans every layer: omit 'layers'.");
        }
        Placement placement = planner.plan(policy, current, inputs, constraints, r, layerSet, n);
        PredictedEffect effect = predictor.predict(current, placement, layerSet,
                routing.sample(current.layers(), current.logicalExperts()), inputs.load(), inputs.coActivation());
        return new PlanRecord("plan_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                clock.instant(), policy.strip().toLowerCase(java.util.Locale.ROOT), r,
                layerSet == null ? null : List.copyOf(layerSet), current.version(), placement, effect, null);
    }

    public void save(PlanRecord plan) {
        store.insert(plan);
    }

    public PlanRecord get(String id) {
        return store.find(id).orElseThrow(() -> AdminException.notFound("No plan with id '" + id + "'."));
    }

    public List<PlanRecord> list() {
        return store.list();
    }

    public void markApplied(String id, long version) {
        store.markApplied(id, version);
    }

    private static Set<Integer> layerSet(List<Integer> layers, int modelLayers) {
        if (layers.isEmpty()) {
            throw AdminException.badRequest("'layers' must list at least one layer, or be left out for all.");
        }
        Set<Integer> set = new TreeSet<>();
        for (Integer l : layers) {
            if (l == null || l < 0 || l >= modelLayers) {
                throw AdminException.badRequest("layers: " + l + " is not a layer of this model (0.."
                        + (modelLayers - 1) + ").");
            }
            set.add(l);
        }
        return set;
    }
}
