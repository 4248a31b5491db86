package dev.janus.comm.placement.policy;

/**
 * {@code round-robin}: {@code PlacementEpoch.roundRobin}'s layout, plus pins. Replica counts by
 * the EPLB rule ({@link Replication}); replicas listed expert by expert in ascending id, each
 * going to the next instance after the previous replica's, cyclically. Without pins the j-th
 * replica lands on instance {@code j mod N}, slot {@code j / N}: the same slots as
 * {@code PlacementEpoch.roundRobin} (a test). Pinned replicas are placed first; the cycle skips
 * full instances and instances already holding the expert.
 *
 * <p>Ignores co-activation; the baseline the other policies are measured against.
 */
public final class RoundRobinPolicy extends LayerwisePolicy {

    public static final String NAME = "round-robin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    LayerPlanner start(ExpertLoad load, CoActivation coActivation, ClusterShape shape) {
        return RoundRobinPolicy::planLayer;
    }

    static int[] planLayer(LayerProblem p) {
        int n = p.shape().instances();
        int c = p.shape().slotsPerInstance();
        LayerDemand demand = p.demand();
        Replication replication = Replication.of(p.load(), demand.fixed, demand.freeInstances(c), demand.budget);
        int[] counts = replication.counts();
        ReplicaBoard board = new ReplicaBoard(p.layer(), p.experts(), n, c);
        demand.placePins(board, p.load(), counts);
        int cursor = 0;
        for (int e = 0; e < p.experts(); e++) {
            if (demand.pinned(e)) {
                continue;
            }
            for (int r = 0; r < counts[e]; r++) {
                int chosen = -1;
                for (int step = 0; step < n && chosen < 0; step++) {
                    int i = (cursor + step) % n;
                    chosen = board.canTake(e, i) ? i : -1;
                }
                if (chosen >= 0) {
                    board.place(e, chosen, 0, false);
                    cursor = (chosen + 1) % n;
                } else {
                    board.repair(e, 0, 0, n);
                }
            }
        }
        return board.slots();
    }
}
