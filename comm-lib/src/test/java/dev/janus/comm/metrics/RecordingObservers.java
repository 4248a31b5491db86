package dev.janus.comm.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Observers that add up what they are told, per MoE instance. */
public final class RecordingObservers {

    private RecordingObservers() {
    }

    /** The attention side's reports. */
    public static final class Attention implements CommObserver {
        public final LongAdder[] sent;
        public final LongAdder[] tokens;
        public final LongAdder[] rows;
        public final LongAdder[] activated;
        public final LongAdder[] bytes;
        public final LongAdder[] answered;
        public final LongAdder[] roundTripNanos;
        public final LongAdder[] answerBytes;
        public final LongAdder idleNanos = new LongAdder();
        public final LongAdder idleReports = new LongAdder();
        public final AtomicLong maxLayer = new AtomicLong(-1);

        public Attention(int instances) {
            sent = adders(instances);
            tokens = adders(instances);
            rows = adders(instances);
            activated = adders(instances);
            bytes = adders(instances);
            answered = adders(instances);
            roundTripNanos = adders(instances);
            answerBytes = adders(instances);
        }

        @Override
        public void batchSent(int layer, int instance, int tokens, int rows, int activatedExperts, long bytes) {
            sent[instance].increment();
            this.tokens[instance].add(tokens);
            this.rows[instance].add(rows);
            activated[instance].add(activatedExperts);
            this.bytes[instance].add(bytes);
            maxLayer.accumulateAndGet(layer, Math::max);
        }

        @Override
        public void batchAnswered(int layer, int instance, long roundTripNanos, long bytes) {
            answered[instance].increment();
            this.roundTripNanos[instance].add(roundTripNanos);
            answerBytes[instance].add(bytes);
        }

        @Override
        public void attentionIdle(int layer, long nanos) {
            idleNanos.add(nanos);
            idleReports.increment();
        }
    }

    /** One MoE instance's reports. */
    public static final class Expert implements ExpertObserver {
        public final LongAdder batches = new LongAdder();
        public final LongAdder tokens = new LongAdder();
        public final LongAdder rows = new LongAdder();
        public final LongAdder activated = new LongAdder();
        public final LongAdder computeNanos = new LongAdder();
        public final LongAdder idleNanos = new LongAdder();

        @Override
        public void batchComputed(int layer, int tokens, int rows, int activatedExperts, long computeNanos) {
            batches.increment();
            this.tokens.add(tokens);
            this.rows.add(rows);
            activated.add(activatedExperts);
            this.computeNanos.add(computeNanos);
        }

        @Override
        public void idle(long nanos) {
            idleNanos.add(nanos);
        }
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
