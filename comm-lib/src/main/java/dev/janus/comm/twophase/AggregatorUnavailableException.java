package dev.janus.comm.twophase;

/**
 * The node's aggregator could not be reached or dropped the link: not a failure of any MoE
 * instance, so the sender resends the step directly instead of failing over to other replicas.
 */
public final class AggregatorUnavailableException extends RuntimeException {

    public AggregatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
