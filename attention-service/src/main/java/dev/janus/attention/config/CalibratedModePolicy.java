package dev.janus.attention.config;

import dev.janus.comm.twophase.CommMode;
import dev.janus.comm.twophase.CommunicationCostModel;
import dev.janus.comm.twophase.ModePolicy;
import dev.janus.comm.twophase.StepShape;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adaptive mode's cost model with measured inter-node constants: on first use (the MoE
 * instances may start after this service) it measures α and β in the background and, until that
 * succeeds, decides with the configured estimate. A failed measurement is retried after 10 s; a
 * successful one is repeated every 5 minutes, so the constants follow the link and the load.
 */
final class CalibratedModePolicy implements ModePolicy {

    private static final Logger log = LoggerFactory.getLogger(CalibratedModePolicy.class);
    private static final long RETRY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long REMEASURE_NANOS = Duration.ofMinutes(5).toNanos();
    private static final long MEASURING = Long.MAX_VALUE; // nextAttempt while a measurement runs

    private final Supplier<CommunicationCostModel> calibration;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAttempt;
    private volatile CommunicationCostModel model;

    CalibratedModePolicy(CommunicationCostModel estimate, Supplier<CommunicationCostModel> calibration) {
        this(estimate, calibration, System::nanoTime);
    }

    /** @param nanoClock when retries and re-measurements are due ({@link System#nanoTime} outside tests) */
    CalibratedModePolicy(CommunicationCostModel estimate, Supplier<CommunicationCostModel> calibration,
                         LongSupplier nanoClock) {
        this.model = estimate;
        this.calibration = calibration;
        this.nanoClock = nanoClock;
        this.nextAttempt = new AtomicLong(nanoClock.getAsLong());
    }

    @Override
    public CommMode choose(StepShape step) {
        long due = nextAttempt.get();
        if (due != MEASURING && nanoClock.getAsLong() - due >= 0 && nextAttempt.compareAndSet(due, MEASURING)) {
            Thread.ofVirtual().name("cost-model-calibration").start(this::calibrate);
        }
        return model.choose(step);
    }

    CommunicationCostModel model() {
        return model;
    }

    private void calibrate() {
        try {
            CommunicationCostModel measured = calibration.get();
            model = measured;
            nextAttempt.set(nanoClock.getAsLong() + REMEASURE_NANOS);
            log.info("two-phase cost model calibrated: alpha {} us, beta {} ns/KiB (node-local alpha {} us, beta {} ns/KiB)",
                    Math.round(measured.alphaNanos() / 1e3), Math.round(measured.betaNanosPerByte() * 1024),
                    Math.round(measured.nodeAlphaNanos() / 1e3), Math.round(measured.nodeBetaNanosPerByte() * 1024));
        } catch (RuntimeException e) {
            nextAttempt.set(nanoClock.getAsLong() + RETRY_NANOS);
            log.warn("two-phase cost model calibration failed ({}); constants kept, retrying in 10 s", e.toString());
        }
    }
}
