package dev.janus.comm.dispatch;

import dev.janus.comm.placement.CurrentPlacement;
import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.golden.Fixtures;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.Model;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.DispatchPlanner;
import dev.janus.model.moe.RoutingDecision;

import java.util.HashMap;
import java.util.Map;

/**
 * tiny-mixtral's 8 experts on three MoE instances with 12 physical slots (4 per instance, the
 * aebs golden example's layout), each instance mapping only the experts its slots hold.
 */
public final class ReplicatedMixtral implements AutoCloseable {

    /** physical slot → logical expert; slot p lives on instance p / 4. */
    static final int[] SLOTS = {0, 4, 5, 1, 5, 0, 2, 6, 0, 3, 7, 6};
    static final int PER_INSTANCE = 4;
    static final int INSTANCES = 3;
    static final PlacementEpoch EPOCH = PlacementEpoch.uniform(1, 4, 8, INSTANCES, SLOTS);

    private final Model[] hosts = new Model[INSTANCES];
    final Map<Integer, ExpertWorker> workers = new HashMap<>();
    final CurrentPlacement placement = new CurrentPlacement(EPOCH);

    ReplicatedMixtral(MatmulKernel kernel) {
        for (int inst = 0; inst < INSTANCES; inst++) {
            int instance = inst;
            hosts[inst] = Model.load(Fixtures.dir("tiny-mixtral"), (layer, expert) -> hosts(instance, expert));
            workers.put(inst, ExpertWorker.serving(EPOCH, hosts[inst].weights(), kernel));
        }
    }

    static boolean hosts(int instance, int logical) {
        for (int p = instance * PER_INSTANCE; p < (instance + 1) * PER_INSTANCE; p++) {
            if (SLOTS[p] == logical) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        for (Model m : hosts) {
            m.close();
        }
    }

    /** Token t uses replica (t mod replicas) of each logical expert: exercises every slot. */
    static final class SpreadOverReplicas implements DispatchPlanner {
        private final CurrentPlacement placement;

        SpreadOverReplicas(CurrentPlacement placement) {
            this.placement = placement;
        }

        @Override
        public void plan(int layer, RoutingDecision routing, DispatchPlan out) {
            int k = routing.topK();
            out.reset(routing.tokens(), k, SLOTS.length);
            out.setPlacement(placement.acquire()); // the executor releases it
            for (int t = 0; t < routing.tokens(); t++) {
                for (int s = 0; s < k; s++) {
                    int logical = routing.expert(t, s);
                    int replicas = 0;
                    for (int l : SLOTS) {
                        replicas += l == logical ? 1 : 0;
                    }
                    int seen = 0;
                    for (int p = 0; p < SLOTS.length; p++) {
                        if (SLOTS[p] == logical && seen++ == t % replicas) {
                            out.setPhysical(t * k + s, p);
                            break;
                        }
                    }
                }
            }
            out.group();
        }
    }
}
