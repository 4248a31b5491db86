package dev.janus.placement.plan;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.ClusterShape;
import dev.janus.comm.placement.policy.CoActivation;
import dev.janus.comm.placement.policy.ExpertLoad;
import dev.janus.comm.placement.policy.Pins;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.comm.stats.ActivationSnapshot;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.service.error.AdminException;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Wires the pure policies (comm-lib {@code placement.policy}) to the service's state: the
 * current epoch gives E and N, R gives C = ceil((E + R) / N), the merged statistics give load and
 * co-activation (uniform load without statistics). Infeasible pins or R throw
 * {@code PlacementConstraintException} (409).
 */
@Component
public class Planner {

    /** What a policy is given: statistics of the current model's shape (or uniform without). */
    public record Inputs(ExpertLoad load, CoActivation coActivation) {

        public static Inputs of(PlacementEpoch epoch, ActivationSnapshot stats) {
            if (stats == null || stats.layers() != epoch.layers() || stats.experts() != epoch.logicalExperts()) {
                return new Inputs(ExpertLoad.uniform(epoch.layers(), epoch.logicalExperts()),
                        CoActivation.none(epoch.layers(), epoch.logicalExperts()));
            }
            return new Inputs(ExpertLoad.of(stats), CoActivation.of(stats));
        }
    }

    private final int instancesPerNode;

    public Planner(PlacementServiceProperties props) {
        this.instancesPerNode = props.initial().instancesPerNode();
    }

    /**
     * A placement of every layer ({@code layers} null) or of {@code layers} only, the others kept
     * slot for slot from {@code current}.
     */
    public Placement plan(String policy, PlacementEpoch current, Inputs inputs, Pins pins, int redundantSlots,
                          Set<Integer> layers, int instances) {
        int experts = current.logicalExperts();
        if ((long) redundantSlots > (long) experts * (instances - 1)) {
            throw AdminException.badRequest("redundant_slots must be in [0, E * (N - 1)] = [0, "
                    + (long) experts * (instances - 1) + "] for E = " + experts + " experts on N = " + instances
                    + " instances, got " + redundantSlots + ".");
        }
        int perNode = instancesPerNode <= instances && instancesPerNode > 0 && instances % instancesPerNode == 0
                ? instancesPerNode : 0;
        PlacementPolicy p = PlacementPolicy.fromName(policy);
        if (layers == null) {
            ClusterShape shape = ClusterShape.forRedundantSlots(experts, instances, redundantSlots, perNode);
            return p.plan(inputs.load(), inputs.coActivation(), shape, pins, redundantSlots);
        }
        // some layers only: the others keep their slots, so C stays
        ClusterShape shape = new ClusterShape(instances, current.slotsPerInstance(), perNode);
        if (experts + redundantSlots > shape.physicalSlots()) {
            throw AdminException.badRequest("Re-planning only some layers keeps C = " + current.slotsPerInstance()
                    + " slots on each of " + instances + " instances, too few for " + experts + " experts + "
                    + redundantSlots + " redundant replicas. Plan every layer (omit 'layers') to change C.");
        }
        return p.replan(Placement.of(current), layers, inputs.load(), inputs.coActivation(), shape, pins,
                redundantSlots);
    }

    /** R of an epoch's layer: its occupied slots beyond one per logical expert. */
    public static int redundantSlots(PlacementEpoch epoch, int layer) {
        int occupied = 0;
        for (int p = 0; p < epoch.physicalExperts(); p++) {
            occupied += epoch.layer(layer).logicalOf(p) >= 0 ? 1 : 0;
        }
        return occupied - epoch.logicalExperts();
    }

    /** R of an epoch: the most of any layer (a whole-epoch plan gives every layer the same R). */
    public static int redundantSlots(PlacementEpoch epoch) {
        int r = 0;
        for (int l = 0; l < epoch.layers(); l++) {
            r = Math.max(r, redundantSlots(epoch, l));
        }
        return r;
    }
}
