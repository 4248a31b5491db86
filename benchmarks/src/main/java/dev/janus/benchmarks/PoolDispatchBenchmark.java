package dev.janus.benchmarks;

import dev.janus.model.kernels.ComputePool;
import dev.janus.model.kernels.RangeTask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Cost of one empty {@link ComputePool#parallelFor} region: the per-region dispatch overhead. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class PoolDispatchBenchmark {

    @Param({"1", "2"})
    public int threads;

    private ComputePool pool;
    private final int[] sink = new int[64];
    private final RangeTask touch = (start, end) -> sink[start] += end;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new ComputePool(threads, "dispatch");
    }

    @Benchmark
    public int emptyRegion() {
        pool.parallelFor(8, touch);
        return sink[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }
}
