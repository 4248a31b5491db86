package dev.janus.scaler.control;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the decision log ({@code GET /admin/scaler/status}).
 *
 * @param at      when
 * @param trigger "auto" (the periodic evaluation) or "apply" (POST /admin/scaler/apply)
 * @param from    the size before
 * @param wanted  what the planner wanted, null when it could not say (no signals)
 * @param to      the size moved to; null when nothing was changed
 * @param dryRun  an apply with ?dry_run=true: computed, not acted on
 * @param reason  why, in words
 */
public record Decision(Instant at, String trigger, Sizes from, @Nullable Sizes wanted, @Nullable Sizes to,
                       boolean dryRun, String reason) {}
