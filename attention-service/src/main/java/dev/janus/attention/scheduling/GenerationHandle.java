package dev.janus.attention.scheduling;

import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * A submitted request: its events arrive on {@link #events()} (all choices interleaved, each
 * choice ends with Finished or Failed). {@link #cancel()} stops every choice; the scheduler frees
 * its KV blocks at the next step boundary (milliseconds); call it when the client goes away.
 */
public final class GenerationHandle {

    private final List<SequenceState> sequences;
    private final BlockingQueue<GenerationEvent> events;

    GenerationHandle(List<SequenceState> sequences, BlockingQueue<GenerationEvent> events) {
        this.sequences = sequences;
        this.events = events;
    }

    public BlockingQueue<GenerationEvent> events() {
        return events;
    }

    public int choices() {
        return sequences.size();
    }

    /** Cancels one choice (e.g. a stop string matched). Idempotent. */
    public void cancel(int choice) {
        for (SequenceState s : sequences) {
            if (s.request.choice() == choice) {
                s.cancelled = true;
            }
        }
    }

    /** Cancels every choice. Idempotent. */
    public void cancel() {
        for (SequenceState s : sequences) {
            s.cancelled = true;
        }
    }
}
