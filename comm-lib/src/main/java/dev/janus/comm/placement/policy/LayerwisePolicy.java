package dev.janus.comm.placement.policy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The part every policy shares: input checks, the pins of each layer, and planning the layers
 * one by one (layers are independent: each has its own load and its own slot array).
 */
abstract class LayerwisePolicy implements PlacementPolicy {

    /** Plans layers within one {@link #plan} / {@link #replan} call (may hold per-call state). */
    interface LayerPlanner {
        int[] plan(LayerProblem problem);
    }

    /** Starts one planning call; what it returns is used for the call's layers, then dropped. */
    abstract LayerPlanner start(ExpertLoad load, CoActivation coActivation, ClusterShape shape);

    @Override
    public final Placement plan(ExpertLoad load, CoActivation coActivation, ClusterShape shape, Pins pins,
                                int redundantSlotsPerLayer) {
        Set<Integer> all = IntStream.range(0, load.layers()).boxed().collect(Collectors.toSet());
        return planLayers(null, all, load, coActivation, shape, pins, redundantSlotsPerLayer);
    }

    @Override
    public final Placement replan(Placement current, Set<Integer> layers, ExpertLoad load, CoActivation coActivation,
                                  ClusterShape shape, Pins pins, int redundantSlotsPerLayer) {
        if (current.layers() != load.layers() || current.experts() != load.experts()
                || current.instances() != shape.instances() || current.physicalSlots() != shape.physicalSlots()) {
            throw new IllegalArgumentException("current placement " + current + " does not match the load ("
                    + load.layers() + " layers x " + load.experts() + " experts) and shape " + shape);
        }
        for (int l : layers) {
            if (l < 0 || l >= load.layers()) {
                throw new IllegalArgumentException("layer " + l + " to re-plan is outside [0, " + load.layers() + ")");
            }
        }
        return planLayers(current, layers, load, coActivation, shape, pins, redundantSlotsPerLayer);
    }

    private Placement planLayers(Placement current, Set<Integer> layers, ExpertLoad load, CoActivation co,
                                 ClusterShape shape, Pins pins, int redundant) {
        int e = load.experts();
        if (co.layers() != load.layers() || co.experts() != e) {
            throw new IllegalArgumentException("co-activation is " + co.layers() + " x " + co.experts()
                    + ", the load " + load.layers() + " x " + e);
        }
        if (redundant < 0) {
            throw new IllegalArgumentException("redundant slots per layer must be >= 0, got " + redundant);
        }
        if ((long) e + redundant > shape.physicalSlots()) {
            throw new PlacementConstraintException("E + R = " + e + " + " + redundant + " replicas per layer exceed the "
                    + shape.physicalSlots() + " physical slots (N = " + shape.instances() + " x C = "
                    + shape.slotsPerInstance() + ")");
        }
        for (Pins.Pin pin : pins.pins()) {
            if (pin.layer() >= load.layers()) {
                throw new PlacementConstraintException("pin for layer " + pin.layer() + ", expert " + pin.expert()
                        + ", but the model has " + load.layers() + " MoE layers");
            }
        }
        LayerPlanner planner = start(load, co, shape);
        int[][] slots = new int[load.layers()][];
        for (int l = 0; l < slots.length; l++) {
            if (current != null && !layers.contains(l)) {
                slots[l] = current.layer(l);
            }
        }
        for (int l : new TreeSet<>(layers)) { // ascending: the same order however the set iterates
            List<Pins.Pin> layerPins = pins.layer(l);
            long[] row = load.layer(l);
            double[] weights = new double[e];
            for (int x = 0; x < e; x++) {
                weights[x] = row[x];
            }
            LayerDemand demand = LayerDemand.of(l, e, shape, layerPins, e + redundant);
            slots[l] = planner.plan(new LayerProblem(l, weights, shape, demand));
        }
        return new Placement(e, shape.instances(), slots);
    }
}
