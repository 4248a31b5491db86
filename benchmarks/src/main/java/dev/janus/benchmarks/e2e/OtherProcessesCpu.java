package dev.janus.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds other processes used since the last {@link #start()}: the machine's busy time
 * (Linux /proc/stat) minus this JVM's CPU time, the method of the Jlama comparison's CpuShare.
 * Shows whether a policy's blocks ran alongside more foreign work than the other's. NaN where
 * /proc/stat is unreadable.
 */
final class OtherProcessesCpu {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double TICK_SECONDS = 0.01; // USER_HZ is 100 on Linux

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private double machine;
    private double process;

    void start() {
        machine = machineBusySeconds();
        process = os.getProcessCpuTime() / 1e9;
    }

    double secondsSinceStart() {
        return Math.max(0, machineBusySeconds() - machine - (os.getProcessCpuTime() / 1e9 - process));
    }

    private static double machineBusySeconds() {
        try {
            // "cpu  user nice system idle iowait irq softirq steal ..."
            String[] f = Files.readAllLines(PROC_STAT).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * TICK_SECONDS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
