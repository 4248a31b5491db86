package dev.janus.scaler.actuate;

import dev.janus.scaler.control.Sizes;

/**
 * Starts and stops service processes on this machine (what ./run-local runs): one
 * {@link LocalProcesses} per pool. The processes it started are stopped with the scaler.
 * MoE instances are only started and stopped here; making placement use them is
 * moe/PlacementAwareActuator's job (DESIGN.md §10), wrapped around this one when
 * {@code moe.scaler.placement.uri} is set.
 */
public final class LocalActuator implements Actuator {

    private final LocalProcesses attention;
    private final LocalProcesses experts;

    public LocalActuator(LocalProcesses attention, LocalProcesses experts) {
        this.attention = attention;
        this.experts = experts;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Sizes current() {
        return new Sizes(attention.size(), experts.size());
    }

    @Override
    public String scale(Sizes target) {
        // out: experts first (attention instances then find them); in: attention first
        if (target.moe() >= experts.size()) {
            return experts.scaleTo(target.moe()) + "; " + attention.scaleTo(target.attention());
        }
        return attention.scaleTo(target.attention()) + "; " + experts.scaleTo(target.moe());
    }

    @Override
    public void close() {
        attention.stopAll();
        experts.stopAll();
    }
}
