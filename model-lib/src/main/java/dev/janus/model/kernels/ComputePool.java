package dev.janus.model.kernels;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of daemon worker threads for fork-join regions of the forward pass, built for
 * many short regions (~100 per decoded token): a region costs a few atomic operations and no
 * allocation. The calling thread works too, so {@code parallelism} threads in all run a region
 * ({@code parallelism - 1} workers).
 *
 * <p>Dispatch: the range is cut into at most {@value #CHUNKS_PER_THREAD} chunks per thread.
 * One atomic word packs {@code [generation:32 | chunk count:16 | next chunk:16]}; the caller
 * publishes a region by setting it, and every thread (caller included) claims chunks by CAS on
 * it. Idle workers spin on the word for {@code spinNanos}, then park. The caller returns once
 * all chunks are <em>done</em>, without waiting for workers that never woke up: on a busy
 * machine a descheduled worker just claims nothing. A claim can only succeed for the current
 * region (the generation is in the word), and a region cannot end while a claimed chunk runs,
 * so the task fields a worker reads after its claim are that region's.
 *
 * <p>Thread-safety: any thread may call {@link #parallelFor}; concurrent callers are serialized
 * by an internal lock (regions never overlap). A call from inside a running region (from a task)
 * runs the whole range inline on the calling thread instead of deadlocking.
 */
public final class ComputePool implements AutoCloseable {

    static final int CHUNKS_PER_THREAD = 4;
    private static final long DEFAULT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final int MAX_THREADS = 0xFFFF / CHUNKS_PER_THREAD;

    private final Worker[] workers;
    private final long spinNanos;
    private final ReentrantLock callerLock = new ReentrantLock();

    // region arguments: plain fields written by the caller before the volatile set of `claim`
    private RangeTask task;
    private int n;
    /** {@code generation << 32 | chunks << 16 | next}: see the class comment. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger chunksDone = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;

    /** A pool running regions on {@code parallelism} threads (the caller included). */
    public ComputePool(int parallelism, String name) {
        this(parallelism, name, DEFAULT_SPIN_NANOS);
    }

    /** As above; idle workers spin {@code spinNanos} before parking (0: park at once). */
    public ComputePool(int parallelism, String name, long spinNanos) {
        if (parallelism < 1 || parallelism > MAX_THREADS) {
            throw new IllegalArgumentException("parallelism must be in [1, " + MAX_THREADS + "]: " + parallelism);
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
        int chunks = Math.min(n, parallelism() * CHUNKS_PER_THREAD);
        this.task = task;
        this.n = n;
        chunksDone.setPlain(0);
        long generation = (claim.getPlain() >>> 32) + 1;
        claim.set(generation << 32 | (long) chunks << 16); // publishes the fields above
        for (Worker w : workers) {
            if (w.parked) { // Dekker with Worker.parked / claim: one side sees the other
                LockSupport.unpark(w);
            }
        }
        runChunks();
        while (chunksDone.get() != chunks) {
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
        while (true) {
            long word = claim.get();
            int chunks = (int) (word >>> 16) & 0xFFFF;
            int next = (int) word & 0xFFFF;
            if (next >= chunks) {
                return;
            }
            if (!claim.compareAndSet(word, word + 1)) {
                continue;
            }
            // claimed: the region cannot end before this chunk does, so task and n are its own
            int total = n;
            int start = (int) ((long) next * total / chunks);
            int end = (int) ((long) (next + 1) * total / chunks);
            try {
                task.run(start, end);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
            chunksDone.incrementAndGet();
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
            // Not the current generation: a region may have been published before this thread
            // first ran (thread start is slow on a loaded machine), and it must still take part.
            // Workers are created before any region, at generation 0.
            long seen = 0;
            while (true) {
                seen = awaitGeneration(seen);
                if (closed) {
                    return;
                }
                runChunks();
            }
        }

        /** Spins, then parks, until the generation moves past {@code seen} or the pool closes. */
        private long awaitGeneration(long seen) {
            long deadline = System.nanoTime() + spinNanos;
            long g;
            while ((g = claim.get() >>> 32) == seen && !closed) {
                if (System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (claim.get() >>> 32 == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
            return g;
        }
    }
}
