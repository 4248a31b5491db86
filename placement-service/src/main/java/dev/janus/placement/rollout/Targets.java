package dev.janus.placement.rollout;

import dev.janus.placement.cluster.ExpertInstance;
import dev.janus.service.error.AdminException;
import java.util.ArrayList;
import java.util.List;

/** The expert-services an epoch of N instances needs: exactly one per MoE instance id 0..N-1. */
final class Targets {

    private Targets() {}

    static List<ExpertInstance> experts(List<ExpertInstance> known, int instances) {
        List<ExpertInstance> targets = new ArrayList<>();
        for (int id = 0; id < instances; id++) {
            int want = id;
            List<ExpertInstance> found = known.stream().filter(x -> x.id() == want).toList();
            if (found.size() != 1) {
                throw AdminException.conflict("expert_instances", "The epoch places experts on " + instances
                        + " MoE instances, but " + (found.isEmpty() ? "no" : found.size())
                        + " expert-service is known as instance " + id + " (known: " + known
                        + "). Check moe.placement-service.experts.")
                        .with("instance", id);
            }
            targets.add(found.getFirst());
        }
        return targets;
    }
}
