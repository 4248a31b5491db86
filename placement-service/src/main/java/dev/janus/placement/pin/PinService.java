package dev.janus.placement.pin;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.placement.auto.AutoSettingsStore;
import dev.janus.placement.epoch.EpochRecord;
import dev.janus.placement.epoch.EpochRegistry;
import dev.janus.service.error.AdminException;
import dev.janus.placement.plan.PlanRecord;
import dev.janus.placement.plan.PlanService;
import dev.janus.placement.plan.Planner;
import dev.janus.placement.rollout.Rollout;
import dev.janus.placement.rollout.RolloutResult;
import java.util.HashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;

/**
 * Pins and replica requests: each change re-plans the expert's layer with the default policy
 * (the automatic re-planner's, janus unless set) honouring every stored constraint, applies the
 * plan live, and only then stores the constraint — an infeasible pin (409) or a failed rollout
 * leaves nothing behind. All under the rollout lock, so the plan is made from the epoch it replaces.
 */
@Service
public class PinService {

    /** A constraint change and the rollout it caused. */
    public record Change(Pins.Pin pin, String planId, RolloutResult rollout) {}

    private final PinStore store;
    private final PlanService plans;
    private final Rollout rollout;
    private final EpochRegistry registry;
    private final AutoSettingsStore auto;

    public PinService(PinStore store, PlanService plans, Rollout rollout, EpochRegistry registry, AutoSettingsStore auto) {
        this.store = store;
        this.plans = plans;
        this.rollout = rollout;
        this.registry = registry;
        this.auto = auto;
    }

    public Change pin(int layer, int expert, List<Integer> instances) {
        return rollout.exclusively(() -> {
            PlacementEpoch epoch = check(layer, expert);
            if (new HashSet<>(instances).size() != instances.size()) {
                throw AdminException.badRequest("instances must not repeat: " + instances + ".");
            }
            for (int i : instances) {
                if (i < 0 || i >= epoch.instances()) {
                    throw AdminException.notFound("MoE instance " + i + " does not exist; the epoch has "
                            + epoch.instances() + " (0.." + (epoch.instances() - 1) + ").");
                }
            }
            Pins.Pin old = store.load().pin(layer, expert);
            if (old != null && old.replicas() > 0 && old.replicas() != instances.size()) {
                throw AdminException.conflict("pin_conflict", "Expert " + expert + " of layer " + layer + " has a "
                        + "replica request of " + old.replicas() + "; a pin on " + instances.size()
                        + " instances contradicts it.");
            }
            return change(layer, expert, EpochRecord.PIN,
                    p -> p.withInstances(layer, expert, instances.stream().mapToInt(Integer::intValue).toArray()));
        });
    }

    public Change replicas(int layer, int expert, int count) {
        return rollout.exclusively(() -> {
            PlacementEpoch epoch = check(layer, expert);
            if (count > epoch.instances()) {
                throw AdminException.conflict("pin_conflict", count + " replicas of expert " + expert
                        + " cannot be on distinct instances: the epoch has " + epoch.instances() + ".");
            }
            Pins.Pin old = store.load().pin(layer, expert);
            if (old != null && old.pinned() && old.instances().size() != count) {
                throw AdminException.conflict("pin_conflict", "Expert " + expert + " of layer " + layer
                        + " is pinned to instances " + old.instances() + "; " + count + " replicas contradict it.");
            }
            return change(layer, expert, EpochRecord.REPLICAS, p -> p.withReplicas(layer, expert, count));
        });
    }

    /** Drops every constraint on (layer, expert) and lets the policy place it again. */
    public Change unpin(int layer, int expert) {
        return rollout.exclusively(() -> {
            check(layer, expert);
            if (store.load().pin(layer, expert) == null) {
                throw AdminException.notFound("Expert " + expert + " of layer " + layer + " is not pinned.");
            }
            return change(layer, expert, EpochRecord.PIN, p -> p.without(layer, expert));
        });
    }

    public List<Pins.Pin> list() {
        return store.load().pins();
    }

    private Change change(int layer, int expert, String source, UnaryOperator<Pins> edit) {
        PlacementEpoch epoch = registry.require();
        Pins next = edit.apply(store.load());
        PlanRecord plan = plans.compute(auto.load().policy(), redundantSlots(epoch, layer, next), List.of(layer), next);
        plans.save(plan);
        RolloutResult result = rollout.apply(plan.placement(), new RolloutResult.Origin(source, plan.policy(), plan.id()));
        plans.markApplied(plan.id(), result.version());
        Pins.Pin pin = next.pin(layer, expert);
        if (pin == null) {
            store.delete(layer, expert);
        } else {
            store.save(pin);
        }
        return new Change(pin == null ? new Pins.Pin(layer, expert, List.of(), 0) : pin, plan.id(), result);
    }

    /**
     * The layer keeps its redundant slots, or takes as many more free slots (the layer's N × C
     * stays) as its pins and replica requests need: an admin asking for a third replica expects
     * it to be added, not refused because the last plan used no redundant slot.
     */
    static int redundantSlots(PlacementEpoch epoch, int layer, Pins pins) {
        int needed = 0;
        for (Pins.Pin pin : pins.layer(layer)) {
            int replicas = pin.pinned() ? pin.instances().size() : pin.replicas();
            needed += Math.max(0, replicas - 1);
        }
        int free = epoch.physicalExperts() - epoch.logicalExperts();
        return Math.max(Planner.redundantSlots(epoch, layer), Math.min(needed, free));
    }

    private PlacementEpoch check(int layer, int expert) {
        PlacementEpoch epoch = registry.require();
        if (layer < 0 || layer >= epoch.layers()) {
            throw AdminException.notFound("Layer " + layer + " does not exist; the model has " + epoch.layers()
                    + " MoE layers.");
        }
        if (expert < 0 || expert >= epoch.logicalExperts()) {
            throw AdminException.notFound("Expert " + expert + " does not exist; layer " + layer + " has "
                    + epoch.logicalExperts() + " logical experts.");
        }
        return epoch;
    }
}
