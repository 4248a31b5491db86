package dev.janus.placement.auto;

import dev.janus.placement.epoch.EpochRecord;
import dev.janus.placement.epoch.EpochRegistry;
import dev.janus.placement.pin.PinStore;
import dev.janus.placement.plan.PlanRecord;
import dev.janus.placement.plan.PlanService;
import dev.janus.placement.rollout.Rollout;
import dev.janus.placement.rollout.RolloutResult;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Automatic re-planning ({@link AutoSettings}): wakes up every
 * {@code moe.placement-service.auto.check-every}, and at most once per the settings' interval
 * plans afresh from the current statistics and pins, and applies the plan when its predicted
 * gain exceeds the threshold. The last check is kept in memory: after a restart the first check
 * comes at once.
 */
@Component
public class AutoReplanner {

    private static final Logger log = LoggerFactory.getLogger(AutoReplanner.class);

    /** What the last check did. */
    public record Status(Instant lastCheckAt, Double lastGain, String lastPlanId, Long lastAppliedVersion,
                         String lastOutcome) {

        static final Status NEVER = new Status(null, null, null, null, "never checked");
    }

    private final AutoSettingsStore settings;
    private final PlanService plans;
    private final PinStore pins;
    private final Rollout rollout;
    private final EpochRegistry registry;
    private final Clock clock;
    private volatile Status status = Status.NEVER;

    public AutoReplanner(AutoSettingsStore settings, PlanService plans, PinStore pins, Rollout rollout,
                         EpochRegistry registry, Clock clock) {
        this.settings = settings;
        this.plans = plans;
        this.pins = pins;
        this.rollout = rollout;
        this.registry = registry;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${moe.placement-service.auto.check-every:30s}",
            fixedDelayString = "${moe.placement-service.auto.check-every:30s}")
    void scheduled() {
        runOnce();
    }

    /** One check (if enabled and the interval has passed since the last); returns the status after it. */
    public synchronized Status runOnce() {
        AutoSettings s = settings.load();
        Instant now = clock.instant();
        Status last = status;
        if (!s.enabled() || registry.current().isEmpty()
                || (last.lastCheckAt() != null && now.isBefore(last.lastCheckAt().plus(s.interval())))) {
            return last;
        }
        try {
            PlanRecord plan = plans.compute(s.policy(), s.redundantSlots(), null, pins.load());
            double gain = plan.effect().gain();
            if (gain <= s.threshold()) {
                status = new Status(now, gain, null, last.lastAppliedVersion(), String.format(
                        "predicted gain %.3f not above threshold %.3f: kept epoch %d", gain, s.threshold(),
                        plan.basedOnVersion()));
                return status;
            }
            plans.save(plan);
            RolloutResult result = rollout.apply(plan.placement(),
                    new RolloutResult.Origin(EpochRecord.AUTO, plan.policy(), plan.id()));
            plans.markApplied(plan.id(), result.version());
            status = new Status(now, gain, plan.id(), result.version(), String.format(
                    "predicted gain %.3f above threshold %.3f: applied epoch %d", gain, s.threshold(), result.version()));
            log.info("automatic re-plan: {}", status.lastOutcome());
        } catch (RuntimeException e) {
            status = new Status(now, null, null, last.lastAppliedVersion(), "failed: " + e.getMessage());
            log.warn("automatic re-plan failed: {}", e.getMessage());
        }
        return status;
    }

    public Status status() {
        return status;
    }
}
