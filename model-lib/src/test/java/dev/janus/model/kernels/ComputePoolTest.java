package dev.janus.model.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void everyIndexRunsExactlyOnce(int parallelism) {
        everyIndexRunsExactlyOnce(parallelism, 50_000);
        everyIndexRunsExactlyOnce(parallelism, 0); // workers park at once: late wake-ups race the next region
    }

    private static void everyIndexRunsExactlyOnce(int parallelism, long spinNanos) {
        try (ComputePool pool = new ComputePool(parallelism, "test", spinNanos)) {
            for (int n : new int[] {1, 2, 3, 5, 7, 12, 13, 100, 1001}) {
                for (int rep = 0; rep < 50; rep++) { // repeated regions: reuse across generations
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    pool.parallelFor(n, (start, end) -> {
                        for (int i = start; i < end; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertThat(hits.get(i)).as("n=%d index %d", n, i).isEqualTo(1);
                    }
                }
            }
        }
    }

    @Test
    void workersTakeShares() {
        try (ComputePool pool = new ComputePool(3, "test")) {
            Thread caller = Thread.currentThread();
            java.util.concurrent.atomic.AtomicBoolean workerRan = new java.util.concurrent.atomic.AtomicBoolean();
            // the caller holds its first chunk until a worker has claimed another one (or 10 s
            // pass), so a pool whose workers never run fails instead of passing on the caller alone
            pool.parallelFor(12, (s, e) -> {
                if (Thread.currentThread() != caller) {
                    workerRan.set(true);
                } else {
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (!workerRan.get() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
            });
            assertThat(workerRan).isTrue();
        }
    }

    @Test
    void exceptionIsRethrownAfterRegionAndPoolStaysUsable() {
        try (ComputePool pool = new ComputePool(3, "test")) {
            assertThatThrownBy(() -> pool.parallelFor(12, (s, e) -> {
                if (s == 0) {
                    throw new IllegalArgumentException("boom");
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
            int[] sum = new int[1];
            pool.parallelFor(1, (s, e) -> sum[0] = e - s);
            AtomicIntegerArray hits = new AtomicIntegerArray(10);
            pool.parallelFor(10, (s, e) -> {
                for (int i = s; i < e; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 10; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void nestedRegionRunsInline() {
        try (ComputePool pool = new ComputePool(2, "test")) {
            AtomicIntegerArray hits = new AtomicIntegerArray(8 * 8);
            pool.parallelFor(8, (s, e) -> {
                for (int i = s; i < e; i++) {
                    int outer = i;
                    pool.parallelFor(8, (s2, e2) -> {
                        for (int j = s2; j < e2; j++) {
                            hits.incrementAndGet(outer * 8 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 64; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void concurrentCallersAreSerialized() throws Exception {
        try (ComputePool pool = new ComputePool(2, "test")) {
            List<Thread> callers = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int c = 0; c < 3; c++) {
                Thread t = new Thread(() -> {
                    try {
                        for (int rep = 0; rep < 300; rep++) {
                            AtomicIntegerArray hits = new AtomicIntegerArray(37);
                            pool.parallelFor(37, (s, e) -> {
                                for (int i = s; i < e; i++) {
                                    hits.incrementAndGet(i);
                                }
                            });
                            for (int i = 0; i < 37; i++) {
                                assertThat(hits.get(i)).isEqualTo(1);
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                callers.add(t);
                t.start();
            }
            for (Thread t : callers) {
                t.join();
            }
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void closeStopsWorkersAndRejectsNewRegions() throws Exception {
        ComputePool pool = new ComputePool(3, "closing", 0);
        pool.parallelFor(6, (s, e) -> { });
        pool.close();
        pool.close(); // idempotent
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("closing-") && t.isAlive());
        assertThatThrownBy(() -> pool.parallelFor(4, (s, e) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsNonPositiveParallelism() {
        assertThatThrownBy(() -> new ComputePool(0, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
