package dev.janus.benchmarks.e2e;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Time each MoE instance has spent serving batches (decode the wire message, run the experts,
 * encode the answer), cumulative, in nanoseconds: CPU time of the serving thread and wall time;
 * written by {@link TimedExpertService}, read between layer calls by {@link TimedExpertExecutor}.
 * CPU time is the work its plan gave the instance; on a machine with fewer free cores than
 * instances the wall time also holds the waits for a core.
 */
final class InstanceBusyTime {

    private final AtomicLongArray cpuNanos;  // [N]
    private final AtomicLongArray wallNanos; // [N]

    InstanceBusyTime(int instances) {
        cpuNanos = new AtomicLongArray(instances);
        wallNanos = new AtomicLongArray(instances);
    }

    int instances() {
        return cpuNanos.length();
    }

    void add(int instance, long cpu, long wall) {
        wallNanos.addAndGet(instance, wall);
        cpuNanos.addAndGet(instance, cpu);
    }

    /** Copies the cumulative times into {@code cpu[0..N)} and {@code wall[0..N)}. */
    void read(long[] cpu, long[] wall) {
        for (int i = 0; i < cpuNanos.length(); i++) {
            cpu[i] = cpuNanos.get(i);
            wall[i] = wallNanos.get(i);
        }
    }
}
