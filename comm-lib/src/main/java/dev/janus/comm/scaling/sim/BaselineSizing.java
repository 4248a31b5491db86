package dev.janus.comm.scaling.sim;

/** The load the fixed-size baselines are planned for. */
public enum BaselineSizing {
    /** The trace's highest windowed rate: they meet the SLO all day and idle at night (the fair default). */
    PEAK,
    /** The trace's mean rate: fewer GPUs, and the SLO missed around the peak. */
    MEAN
}
