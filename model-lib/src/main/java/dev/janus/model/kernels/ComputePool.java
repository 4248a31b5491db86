package dev.janus.model.kernels;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of daemon worker threads for fork-join regions of the forward pass, built for
 * many short regions (~100 per decoded token): a region costs a few atomic operations and no
 * allocation. The calling thread works too, so {@code parallelism} threads in all run a region
 * ({@code parallelism - 1} workers).
 *
 * <p>Dispatch: the caller publishes the task and bumps {@link #generation} (a volatile write);
 * workers spin on it for {@code spinNanos} after their last region, then park. Work is split
 * into about {@value #CHUNKS_PER_THREAD} chunks per thread claimed from an atomic counter, so a
 * thread that starts late (woken from park, preempted by a neighbour process) just claims fewer.
 * A region ends when every chunk is done and every worker has checked in, so no worker can
 * still be reading a region's fields when the next one starts.
 *
 * <p>Thread-safety: any thread may call {@link #parallelFor}; concurrent callers are serialized
 * by an internal lock (regions never overlap). A call from inside a running region (from a task)
 * runs the whole range inline on the calling thread instead of deadlocking.
 */
public final class ComputePool implements AutoCloseable {

    static final int CHUNKS_PER_THREAD = 4;
    private static final long DEFAULT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Worker[] workers;
    private final long spinNanos;
    private final ReentrantLock callerLock = new ReentrantLock();

    // region state: plain fields written by the caller before the volatile generation bump,
    // read by workers after they observe it (happens-before via the volatile)
    private RangeTask task;
    private int n;
    private int chunks;
    private volatile long generation;
    private volatile boolean closed;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicInteger pendingWorkers = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** A pool running regions on {@code parallelism} threads (the caller included). */
    public ComputePool(int parallelism, String name) {
        this(parallelism, name, DEFAULT_SPIN_NANOS);
    }

    /** As above; idle workers spin {@code spinNanos} before parking (0: park at once). */
    public ComputePool(int parallelism, String name, long spinNanos) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1: " + parallelism);
        }
        this.spinNanos = spinNanos;
        this.workers = new Worker[parallelism - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(name + "-" + (i + 1));
            workers[i].start();
        }
    }

    /** A pool with one thread per available processor. */
    public static ComputePool ofAvailableProcessors(String name) {
        return new ComputePool(Runtime.getRuntime().availableProcessors(), name);
    }

    /** Threads that run a region, the caller included. */
    public int parallelism() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task} over {@code [0, n)} split into disjoint ranges across the pool and
     * returns when all are done. An exception thrown by any share is rethrown here (unchecked
     * ones as is) after the whole region has finished.
     */
    public void parallelFor(int n, RangeTask task) {
        if (n <= 0) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("compute pool is closed");
        }
        if (workers.length == 0 || n == 1 || callerLock.isHeldByCurrentThread() || isOwnWorker()) {
            task.run(0, n);
            return;
        }
        callerLock.lock();
        try {
            runRegion(n, task);
        } finally {
            callerLock.unlock();
        }
    }

    private void runRegion(int n, RangeTask task) {
        this.task = task;
        this.n = n;
        this.chunks = Math.min(n, parallelism() * CHUNKS_PER_THREAD);
        nextChunk.setPlain(0);
        pendingWorkers.setPlain(workers.length);
        generation = generation + 1; // publishes the fields above
        for (Worker w : workers) {
            if (w.parked) { // Dekker with Worker.parked / generation: one side sees the other
                LockSupport.unpark(w);
            }
        }
        runChunks();
        while (pendingWorkers.get() != 0) {
            Thread.onSpinWait();
        }
        this.task = null;
        Throwable t = failure.getAndSet(null);
        if (t instanceof RuntimeException e) {
            throw e;
        } else if (t instanceof Error e) {
            throw e;
        } else if (t != null) {
            throw new IllegalStateException("parallel task failed", t);
        }
    }

    /** Claims and runs chunks of the current region until none is left. */
    private void runChunks() {
        RangeTask t = task;
        int total = n;
        int count = chunks;
        for (int c = nextChunk.getAndIncrement(); c < count; c = nextChunk.getAndIncrement()) {
            int start = (int) ((long) c * total / count);
            int end = (int) ((long) (c + 1) * total / count);
            try {
                t.run(start, end);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }
    }

    private boolean isOwnWorker() {
        return Thread.currentThread() instanceof Worker w && w.pool() == this;
    }

    /** Stops the workers (after any running region) and waits for them to exit. */
    @Override
    public void close() {
        callerLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
        } finally {
            callerLock.unlock();
        }
        for (Worker w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker extends Thread {

        volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        ComputePool pool() {
            return ComputePool.this;
        }

        @Override
        public void run() {
            // Not "seen = generation": a region may already have started before this thread
            // ran (thread start is slow on a loaded machine); reading its generation here would
            // skip that region and leave the caller waiting forever. Workers are created before
            // any region, at generation 0.
            long seen = 0;
            while (true) {
                long g = awaitGeneration(seen);
                if (closed) {
                    return;
                }
                seen = g;
                runChunks();
                pendingWorkers.decrementAndGet();
            }
        }

        /** Spins, then parks, until the generation moves past {@code seen} or the pool closes. */
        private long awaitGeneration(long seen) {
            long deadline = System.nanoTime() + spinNanos;
            long g;
            while ((g = generation) == seen && !closed) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (generation == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
            return g;
        }
    }
}
