package dev.janus.comm.stats;

import dev.janus.model.moe.RoutingDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationStatisticsTest {

    /** Worked example: 3 tokens, top-2 over 4 experts. */
    private static RoutingDecision example() {
        RoutingDecision r = new RoutingDecision();
        r.reset(3, 2);
        r.set(0, 0, 1, 0.6f);
        r.set(0, 1, 3, 0.4f);
        r.set(1, 0, 3, 0.7f);
        r.set(1, 1, 1, 0.3f);
        r.set(2, 0, 0, 0.5f);
        r.set(2, 1, 1, 0.5f);
        return r;
    }

    @Test
    void countsActivationsAndUnorderedCoActivationsPerLayer() {
        AtomicLong now = new AtomicLong();
        ActivationStatistics stats = new ActivationStatistics(2, 4, Duration.ofSeconds(10), 5, now::get);
        stats.onRouting(1, example());
        ActivationSnapshot s = stats.snapshot();
        assertThat(s.count(1, 1)).isEqualTo(3);
        assertThat(s.count(1, 3)).isEqualTo(2);
        assertThat(s.count(1, 0)).isEqualTo(1);
        assertThat(s.count(1, 2)).isZero();
        assertThat(s.count(0, 1)).isZero();
        assertThat(s.coactivation(1, 1, 3)).isEqualTo(2); // tokens 0 and 1, either order
        assertThat(s.coactivation(1, 3, 1)).isEqualTo(2);
        assertThat(s.coactivation(1, 0, 1)).isEqualTo(1);
        assertThat(s.coactivation(1, 0, 3)).isZero();
    }

    @Test
    void oldBucketsLeaveTheWindow() {
        AtomicLong now = new AtomicLong();
        ActivationStatistics stats = new ActivationStatistics(1, 4, Duration.ofSeconds(10), 5, now::get);
        stats.onRouting(0, example());
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        stats.onRouting(0, example());
        assertThat(stats.snapshot().count(0, 1)).isEqualTo(6);
        now.addAndGet(Duration.ofSeconds(6).toNanos()); // the first recording is now 12 s old
        assertThat(stats.snapshot().count(0, 1)).isEqualTo(3);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        assertThat(stats.snapshot().count(0, 1)).isZero();
    }

    @Test
    void snapshotRoundTripsThroughItsCompactFormat() {
        ActivationStatistics stats = new ActivationStatistics(2, 4, Duration.ofSeconds(10), 5);
        stats.onRouting(0, example());
        stats.onRouting(1, example());
        ActivationSnapshot s = stats.snapshot();
        byte[] bytes = s.encode();
        ActivationSnapshot back = ActivationSnapshot.decode(bytes);
        assertThat(back.counts()).containsExactly(s.counts());
        assertThat(back.coactivation()).containsExactly(s.coactivation());
        assertThat(back.windowMillis()).isEqualTo(10_000);
        assertThat(bytes.length).isLessThan(64); // 2 layers x (4 counts + 6 pairs) varints + header
        assertThatThrownBy(() -> ActivationSnapshot.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActivationSnapshot.decode(java.util.Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
    }

    @Test
    void routingTraceReplaysWhatWasRecorded(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.jrtr");
        try (RoutingTraceWriter writer = new RoutingTraceWriter(file, 4, 2)) {
            writer.onRouting(0, example());
            writer.onRouting(3, example());
        }
        RoutingTraceReader.Trace trace = RoutingTraceReader.read(file);
        assertThat(trace.experts()).isEqualTo(4);
        assertThat(trace.entries()).hasSize(2);
        assertThat(trace.entries().get(1).layer()).isEqualTo(3);
        RoutingDecision r = trace.entries().get(0).routing();
        assertThat(r.tokens()).isEqualTo(3);
        assertThat(r.expert(1, 0)).isEqualTo(3);
        assertThat(r.weight(1, 0)).isEqualTo(0.7f);
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) - 3));
        assertThatThrownBy(() -> RoutingTraceReader.read(file)).hasMessageContaining("truncated");
    }
}
