package dev.janus.scaler.control;

import dev.janus.comm.scaling.PlanRequest;
import dev.janus.comm.scaling.Sizing;
import dev.janus.scaler.actuate.Actuator;
import dev.janus.service.error.AdminException;
import dev.janus.scaler.plan.PlanService;
import dev.janus.scaler.signals.SignalSource;
import dev.janus.scaler.signals.Signals;
import dev.janus.scaler.signals.SignalsUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * The executor around the pure parts: reads signals, asks the planner what size they need
 * ({@link PlanService}), lets {@link AutoScalingPolicy} decide when to act in auto mode, and hands
 * the target to the {@link Actuator}. Every action and every held change is recorded. One
 * evaluation or apply at a time (synchronized): they are rare and must not interleave.
 */
public final class Scaler {

    private static final Logger log = LoggerFactory.getLogger(Scaler.class);
    static final int DECISIONS_KEPT = 50;
    /** The load planned for when none is measured: requests per second, small enough to be none. */
    static final double IDLE_RATE = 1e-3;

    private final SignalSource signals;
    private final PlanService planner;
    private final Actuator actuator;
    private final Clock clock;
    private final Consumer<Decision> onDecision;
    private final Deque<Decision> decisions = new ArrayDeque<>();
    private volatile ScalerSettings settings;
    private Hysteresis hysteresis = Hysteresis.START;
    private @Nullable Evaluation last;

    public Scaler(SignalSource signals, PlanService planner, Actuator actuator, Clock clock, ScalerSettings settings) {
        this(signals, planner, actuator, clock, settings, d -> { });
    }

    /** With {@code onDecision} told of every recorded decision (metrics: {@link DecisionMetrics}). */
    public Scaler(SignalSource signals, PlanService planner, Actuator actuator, Clock clock, ScalerSettings settings,
                  Consumer<Decision> onDecision) {
        this.signals = signals;
        this.planner = planner;
        this.actuator = actuator;
        this.clock = clock;
        this.settings = settings;
        this.onDecision = onDecision;
    }

    public ScalerSettings settings() {
        return settings;
    }

    /** Replaces the settings; a new mode or bounds start a fresh streak (the last action's time stays). */
    public synchronized void settings(ScalerSettings next) {
        settings = next;
        hysteresis = new Hysteresis(null, 0, hysteresis.lastAction());
    }

    /** The periodic evaluation: in auto mode it may act, in manual mode it only refreshes the status. */
    public synchronized void tick() {
        Evaluation e = evaluate();
        if (settings.mode() != Mode.AUTO || e.wanted() == null) {
            return;
        }
        Sizes current = actuator.current();
        AutoScalingPolicy.Step step = AutoScalingPolicy.decide(hysteresis, current, e.wanted(), settings, e.at());
        hysteresis = step.state();
        if (step.target() != null) {
            String done;
            try {
                done = actuator.scale(step.target());
            } catch (RuntimeException ex) {
                log.error("automatic scaling to {} failed", step.target(), ex);
                record(new Decision(e.at(), "auto", current, e.wanted(), null, false, "failed: " + ex.getMessage()));
                return;
            }
            record(new Decision(e.at(), "auto", current, e.wanted(), step.target(), false,
                    step.reason() + "; " + e.reason() + "; " + done));
        } else if (!e.wanted().equals(current)) {
            record(new Decision(e.at(), "auto", current, e.wanted(), null, false, "held: " + step.reason()));
        }
    }

    /**
     * Evaluates now and moves to the wanted size at once (an administrator's explicit request:
     * no hysteresis, no cooldown; it does restart the cooldown). With {@code dryRun} only records
     * what it would do.
     */
    public synchronized Decision apply(boolean dryRun) {
        Evaluation e = evaluate();
        Sizes current = actuator.current();
        Decision d;
        if (e.wanted() == null) {
            d = new Decision(e.at(), "apply", current, null, null, dryRun, "nothing to apply: " + e.reason());
        } else if (e.wanted().equals(current)) {
            d = new Decision(e.at(), "apply", current, e.wanted(), null, dryRun, "already at the wanted size; " + e.reason());
        } else if (dryRun) {
            d = new Decision(e.at(), "apply", current, e.wanted(), null, true, "would scale to " + e.wanted() + "; " + e.reason());
        } else {
            String done;
            try {
                done = actuator.scale(e.wanted());
            } catch (RuntimeException ex) {
                log.error("scaling to {} failed", e.wanted(), ex);
                record(new Decision(e.at(), "apply", current, e.wanted(), null, false, "failed: " + ex.getMessage()));
                throw new AdminException(HttpStatus.BAD_GATEWAY, "scaling_failed", "Scaling to " + e.wanted()
                        + " failed: " + ex.getMessage()).with("from", current).with("wanted", e.wanted());
            }
            hysteresis = hysteresis.acted(e.at());
            d = new Decision(e.at(), "apply", current, e.wanted(), e.wanted(), false, e.reason() + "; " + done);
        }
        record(d);
        return d;
    }

    public synchronized Evaluation evaluate() {
        Instant now = clock.instant();
        ScalerSettings s = settings;
        Evaluation e;
        Signals read;
        try {
            read = signals.read();
        } catch (SignalsUnavailableException ex) {
            log.warn("signals unavailable: {}", ex.getMessage());
            last = new Evaluation(now, null, null, null, null, "signals unavailable: " + ex.getMessage());
            return last;
        }
        Double measured = read.requestsPerSecond();
        boolean idle = measured == null || !(measured > 0);
        // without traffic: the smallest shape that still holds the model (memory), not zero
        double rate = idle ? IDLE_RATE : measured;
        PlanRequest request = new PlanRequest(rate, tokens(read.promptTokensPerRequest(), s.promptTokens(), 0),
                tokens(read.outputTokensPerRequest(), s.outputTokens(), 1), s.sloMs());
        Sizing sizing = planner.size(request, s).sizing();
        if (sizing.feasible()) {
            Sizes wanted = s.clamp(new Sizes(sizing.attentionInstances(), sizing.moeInstances()));
            e = new Evaluation(now, read, request, sizing, wanted, idle
                    ? String.format("no traffic in the window: the smallest shape, n_a=%d n_e=%d",
                            sizing.attentionInstances(), sizing.moeInstances())
                    : String.format("%.3g req/s at %.1f ms TPOT needs n_a=%d n_e=%d", rate, s.sloMs(),
                            sizing.attentionInstances(), sizing.moeInstances()));
        } else {
            // no shape within the bounds meets the SLO: the most the bounds allow comes closest
            e = new Evaluation(now, read, request, sizing, new Sizes(s.attention().max(), s.moe().max()),
                    "infeasible within the bounds, so the maximum: " + sizing.reason());
        }
        last = e;
        return e;
    }

    /** The status document's parts, read together. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(settings, actuator.name(), actuator.current(), last, hysteresis, List.copyOf(decisions));
    }

    public record Snapshot(ScalerSettings settings, String actuator, Sizes current, @Nullable Evaluation last,
                           Hysteresis hysteresis, List<Decision> decisions) {}

    private void record(Decision d) {
        log.info("scaler {}: {} -> {} (wanted {}){}: {}", d.trigger(), d.from(), d.to() == null ? "unchanged" : d.to(),
                d.wanted(), d.dryRun() ? " dry run" : "", d.reason());
        onDecision.accept(d);
        decisions.addFirst(d);
        while (decisions.size() > DECISIONS_KEPT) {
            decisions.removeLast();
        }
    }

    private static int tokens(@Nullable Double measured, int fallback, int floor) {
        return measured == null ? fallback : Math.max(floor, (int) Math.round(measured));
    }
}
