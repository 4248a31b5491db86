package dev.janus.placement.rollout;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.placement.epoch.EpochRecord;
import dev.janus.placement.epoch.EpochRegistry;
import dev.janus.service.error.AdminException;
import dev.janus.placement.plan.PlanRecord;
import dev.janus.placement.plan.PlanService;
import dev.janus.placement.rollout.RolloutResult.Origin;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Applying a plan and rolling back: both a live rollout as a new version ({@link Rollout}). */
@RestController
class RolloutController {

    private final Rollout rollout;
    private final PlanService plans;
    private final EpochRegistry registry;

    RolloutController(Rollout rollout, PlanService plans, EpochRegistry registry) {
        this.rollout = rollout;
        this.plans = plans;
        this.registry = registry;
    }

    @PostMapping("/admin/placement/plans/{id}/apply")
    RolloutResult apply(@PathVariable String id) {
        PlanRecord plan = plans.get(id);
        RolloutResult result = rollout.apply(plan.placement(), new Origin(EpochRecord.PLAN, plan.policy(), plan.id()));
        plans.markApplied(plan.id(), result.version());
        return result;
    }

    /** Back to the placement of the epoch before the current one, as a new version (versions only increase). */
    @PostMapping("/admin/placement/rollback")
    RolloutResult rollback() {
        return rollout.exclusively(() -> {
            PlacementEpoch previous = registry.previous().orElseThrow(() -> AdminException.conflict(
                    "no_previous_epoch", "There is no earlier epoch to roll back to."));
            return rollout.apply(Placement.of(previous), new Origin(EpochRecord.ROLLBACK, null, null));
        });
    }
}
