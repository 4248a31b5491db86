package dev.janus.placement.epoch;

import dev.janus.comm.placement.LayerPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /admin/placement}: the current epoch as people read it — per layer, per MoE
 * instance, its physical replicas and the logical expert each holds (empty slots left out) —
 * and the epoch history, newest first.
 */
public record PlacementView(long version, int layers, int logicalExperts, int instances, int slotsPerInstance,
                            List<Layer> placement, List<EpochRecord> history) {

    public record Layer(int layer, int redundantSlots, List<Instance> instances) {}

    public record Instance(int instance, List<Replica> replicas) {}

    /** @param physical physical slot id (instance * C + slot) */
    public record Replica(int physical, int expert) {}

    public static PlacementView of(PlacementEpoch epoch, List<EpochRecord> history) {
        List<Layer> layers = new ArrayList<>();
        int c = epoch.slotsPerInstance();
        for (int l = 0; l < epoch.layers(); l++) {
            LayerPlacement layer = epoch.layer(l);
            List<Instance> instances = new ArrayList<>();
            int occupied = 0;
            for (int i = 0; i < epoch.instances(); i++) {
                List<Replica> replicas = new ArrayList<>();
                for (int p = i * c; p < (i + 1) * c; p++) {
                    if (layer.logicalOf(p) != LayerPlacement.EMPTY) {
                        replicas.add(new Replica(p, layer.logicalOf(p)));
                    }
                }
                occupied += replicas.size();
                instances.add(new Instance(i, replicas));
            }
            layers.add(new Layer(l, occupied - epoch.logicalExperts(), instances));
        }
        return new PlacementView(epoch.version(), epoch.layers(), epoch.logicalExperts(), epoch.instances(), c,
                layers, history);
    }
}
