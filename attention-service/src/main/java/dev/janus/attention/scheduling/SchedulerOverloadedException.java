package dev.janus.attention.scheduling;

/** The admission queue is full (or the scheduler is shutting down): the client should retry later. */
public final class SchedulerOverloadedException extends RuntimeException {

    public SchedulerOverloadedException(String message) {
        super(message);
    }
}
