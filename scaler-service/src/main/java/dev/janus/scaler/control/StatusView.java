package dev.janus.scaler.control;

import dev.janus.scaler.signals.Signals;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /admin/scaler/status}.
 *
 * @param mode          manual or auto
 * @param actuator      dry-run, local or kubernetes
 * @param current       the pools' sizes now
 * @param wanted        what the last evaluation wanted (null before the first, or without signals)
 * @param signals       what the last evaluation read
 * @param evaluatedAt   when it ran
 * @param reason        how it came to {@code wanted}
 * @param evaluation    the whole last evaluation (the planner's request and sizing)
 * @param streak        evaluations in a row that wanted {@code candidate} (auto mode)
 * @param candidate     the size of that streak
 * @param lastAction    when the scaler last acted
 * @param cooldownUntil no automatic action before this
 * @param decisions     the last decisions, newest first
 */
public record StatusView(Mode mode, String actuator, Sizes current, @Nullable Sizes wanted, @Nullable Signals signals,
                         @Nullable Instant evaluatedAt, @Nullable String reason, @Nullable Evaluation evaluation,
                         int streak, @Nullable Sizes candidate, @Nullable Instant lastAction,
                         @Nullable Instant cooldownUntil, List<Decision> decisions) {

    public static StatusView of(Scaler.Snapshot s) {
        Evaluation e = s.last();
        Hysteresis h = s.hysteresis();
        return new StatusView(s.settings().mode(), s.actuator(), s.current(), e == null ? null : e.wanted(),
                e == null ? null : e.signals(), e == null ? null : e.at(), e == null ? null : e.reason(), e,
                h.streak(), h.candidate(), h.lastAction(),
                h.lastAction() == null ? null : h.lastAction().plus(s.settings().cooldown()), s.decisions());
    }
}
