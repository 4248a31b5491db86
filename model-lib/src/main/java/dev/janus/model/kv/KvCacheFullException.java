package dev.janus.model.kv;

/** No free block is left; the scheduler must preempt or queue. */
public final class KvCacheFullException extends RuntimeException {

    public KvCacheFullException(String message) {
        super(message);
    }
}
