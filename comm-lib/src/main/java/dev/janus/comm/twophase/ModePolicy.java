package dev.janus.comm.twophase;

/** Picks direct or two-phase for one attention instance's layer step. */
@FunctionalInterface
public interface ModePolicy {

    CommMode choose(StepShape step);

    /** A fixed mode (tests, and deployments that measured one mode to be always better). */
    static ModePolicy always(CommMode mode) {
        return step -> mode;
    }
}
