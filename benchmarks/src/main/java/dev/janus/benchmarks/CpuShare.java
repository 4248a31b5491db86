package dev.janus.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU used by other processes while a round ran: the busy time of the whole machine (Linux
 * /proc/stat) minus this JVM's CPU time. The load average cannot tell, since it counts our own
 * compute threads. Shows whether one side of a comparison ran alongside more foreign work than
 * the other. NaN where /proc/stat is unreadable.
 */
public final class CpuShare {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final double TICK_SECONDS = 0.01;    // USER_HZ is 100 on Linux

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private double machineBusy;
    private double processBusy;
    private long wallNanos;

    public void start() {
        machineBusy = machineBusySeconds();
        processBusy = os.getProcessCpuTime() / 1e9;
        wallNanos = System.nanoTime();
    }

    /** Average cores busy with other work since {@link #start()}. */
    public double othersCores() {
        return othersSeconds() / ((System.nanoTime() - wallNanos) / 1e9);
    }

    /** CPU seconds other processes used since {@link #start()}. */
    public double othersSeconds() {
        double machine = machineBusySeconds() - machineBusy;
        double process = os.getProcessCpuTime() / 1e9 - processBusy;
        return Math.max(0, machine - process);
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
