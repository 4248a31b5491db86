package dev.janus.model.generate;

import dev.janus.model.weights.SafetensorsWriter;
import java.io.PrintStream;

/**
 * One progress line per 5 % step, or after a second without one:
 * {@code make-model: 45% 576.0 / 1280.5 MB, 812 MB/s}. Called from writer threads.
 */
final class ProgressPrinter implements SafetensorsWriter.Progress {

    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private long lastBucket = -1;
    private long maxDone;

    ProgressPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void written(long bytesDone, long bytesTotal) {
        maxDone = Math.max(maxDone, bytesDone); // flushes from several threads may report out of order
        long now = System.nanoTime();
        long bucket = bytesTotal == 0 ? 20 : maxDone * 20 / bytesTotal;
        if (bucket == lastBucket && now - lastPrint < MIN_INTERVAL_NANOS) {
            return;
        }
        lastBucket = bucket;
        lastPrint = now;
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        out.printf("make-model: %3d%% %.1f / %.1f MB, %.0f MB/s%n",
                bytesTotal == 0 ? 100 : maxDone * 100 / bytesTotal, maxDone / 1e6, bytesTotal / 1e6, maxDone / 1e6 / seconds);
    }
}
