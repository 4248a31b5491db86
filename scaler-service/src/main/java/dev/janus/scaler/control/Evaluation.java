package dev.janus.scaler.control;

import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.Sizing;
import dev.janus.scaler.signals.Signals;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The signals read, the load they make, and the size the planner wants for it.
 *
 * @param at           when
 * @param signals      null when they could not be read
 * @param request      the planner's input, null without traffic or signals
 * @param sizing       the planner's answer for this system, null without a request
 * @param wanted       within the bounds; null when the signals could not be read
 * @param reason       how {@code wanted} came about
 */
public record Evaluation(Instant at, @Nullable Signals signals, @Nullable PlanRequest request,
                         @Nullable Sizing sizing, @Nullable Sizes wanted, String reason) {}
