package dev.janus.comm.dispatch;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.model.kernels.MatmulKernel;
import dev.janus.model.model.ModelWeights;
import dev.janus.model.moe.DispatchPlan;
import dev.janus.model.moe.ExpertExecutor;
import dev.janus.model.moe.GroupedExpertFfn;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * A MoE instance's compute (DESIGN.md §10): it serves every {@link PlacementEpoch} it has
 * {@link #prepare prepared} and not yet {@link #release released}, each with the expert weights
 * mapped for it, and runs each {@link InstanceBatch} under the epoch the batch names, through that
 * epoch's {@link ExpertExecutor} (on the CPU the {@link GroupedExpertFfn}, each hosted expert's
 * weights read once per step; with moe.backend=cuda the device's grouped expert FFN), returning
 * unweighted outputs. A batch for an unknown or released epoch fails with an
 * {@link UnknownEpochException}.
 *
 * <p>Owns its locking: one batch at a time (its scratch is reused), and releasing an epoch waits
 * for a batch running under it, so weights are never unmapped under a running batch.
 */
public final class ExpertWorker {

    /**
     * What one prepared epoch needs: its placement, the weights mapped for it, how to unmap them,
     * and the executor running them (made on the epoch's first batch, which names the hidden size).
     */
    private static final class Prepared {
        final PlacementEpoch epoch;
        final ModelWeights weights;
        final AutoCloseable mapping;
        ExpertExecutor executor; // guarded by the worker
        int hidden;

        Prepared(PlacementEpoch epoch, ModelWeights weights, AutoCloseable mapping) {
            this.epoch = epoch;
            this.weights = weights;
            this.mapping = mapping;
        }
    }

    private final ExpertExecutor.Factory executors;
    private final Map<Long, Prepared> epochs = new TreeMap<>(); // guarded by this
    private final DispatchPlan plan = new DispatchPlan();
    private float[] rows = new float[0]; // [rows, hidden] the batch's hidden row of each (token, slot) row

    /** Experts on the CPU with {@code matmul}. */
    public ExpertWorker(MatmulKernel matmul) {
        this(ExpertExecutor.local(matmul));
    }

    /** Experts run by an executor from {@code executors}, one per prepared epoch. */
    public ExpertWorker(ExpertExecutor.Factory executors) {
        this.executors = executors;
    }

    /** A worker serving one epoch with weights it does not own (tests, benchmarks, in-process instances). */
    public static ExpertWorker serving(PlacementEpoch epoch, ModelWeights weights, MatmulKernel matmul) {
        ExpertWorker worker = new ExpertWorker(matmul);
        worker.prepare(epoch, weights, () -> { });
        return worker;
    }

    /**
     * Serves {@code epoch} from now on with {@code weights}; {@code mapping} is closed on release.
     * Preparing a version again with the same placement keeps the first weights and closes the
     * new mapping.
     *
     * @throws IllegalArgumentException when the version is prepared with another placement
     */
    public void prepare(PlacementEpoch epoch, ModelWeights weights, AutoCloseable mapping) {
        boolean duplicate;
        synchronized (this) {
            Prepared existing = epochs.get(epoch.version());
            if (existing != null && !existing.epoch.samePlacement(epoch)) {
                throw new IllegalArgumentException("placement epoch " + epoch.version()
                        + " is already prepared with another placement");
            }
            duplicate = existing != null;
            if (!duplicate) {
                epochs.put(epoch.version(), new Prepared(epoch, weights, mapping));
            }
        }
        if (duplicate) {
            close(mapping);
        }
    }

    /** Stops serving {@code version} and unmaps its weights (after a batch running under it); false if unknown. */
    public boolean release(long version) {
        Prepared gone;
        synchronized (this) {
            gone = epochs.remove(version);
        }
        if (gone != null) {
            if (gone.executor instanceof AutoCloseable deviceCopies) {
                close(deviceCopies);
            }
            close(gone.mapping);
        }
        return gone != null;
    }

    /** The versions served now, ascending. */
    public synchronized long[] versions() {
        return epochs.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** The prepared epoch of {@code version}, or null. */
    public synchronized PlacementEpoch epoch(long version) {
        Prepared p = epochs.get(version);
        return p == null ? null : p.epoch;
    }

    public InstanceResult execute(InstanceBatch b) {
        return execute(b, nanos -> { });
    }

    /**
     * Runs a batch under the epoch it names.
     *
     * @param computeNanos receives the compute time, excluding the wait for other batches
     * @throws UnknownEpochException    when that epoch is not prepared here
     * @throws IllegalArgumentException when a row's physical expert is not hosted here
     */
    public synchronized InstanceResult execute(InstanceBatch b, LongConsumer computeNanos) {
        long start = System.nanoTime();
        Prepared prepared = epochs.get(b.epoch());
        if (prepared == null) {
            throw new UnknownEpochException("placement epoch " + b.epoch() + " is not prepared on this MoE instance"
                    + " (serving " + Arrays.toString(versions()) + ")");
        }
        int h = b.hiddenSize();
        int k = b.topK();
        int rowCount = b.rows();
        // one plan row per non-negative slot, token-major: the output rows come out in the wire's order
        plan.reset(rowCount, 1, prepared.epoch.physicalExperts());
        plan.setPlacement(prepared.epoch);
        if (rows.length < rowCount * h) {
            rows = new float[rowCount * h];
        }
        int r = 0;
        for (int i = 0; i < b.tokens() * k; i++) {
            int physical = b.physicalExperts()[i];
            if (physical >= 0) {
                if (physical >= prepared.epoch.physicalExperts()) {
                    throw new IllegalArgumentException("layer " + b.layer() + ": physical expert " + physical
                            + " does not exist in placement epoch " + b.epoch());
                }
                plan.setPhysical(r, physical);
                System.arraycopy(b.hidden(), (i / k) * h, rows, r * h, h);
                r++;
            }
        }
        float[] out = new float[rowCount * h];
        executor(prepared, h).execute(b.layer(), plan, rows, out);
        computeNanos.accept(System.nanoTime() - start);
        return new InstanceResult(b.stepId(), b.layer(), rowCount, out);
    }

    /** The epoch's executor over hidden size {@code h}, made on its first batch. */
    private ExpertExecutor executor(Prepared prepared, int h) {
        if (prepared.executor == null) {
            prepared.executor = executors.create(prepared.weights, h);
            prepared.hidden = h;
        } else if (prepared.hidden != h) {
            throw new IllegalArgumentException("hidden size " + h + " in a batch for placement epoch "
                    + prepared.epoch.version() + ", whose batches so far had " + prepared.hidden);
        }
        return prepared.executor;
    }

    private static void close(AutoCloseable mapping) {
        try {
            mapping.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot unmap expert weights: " + e.getMessage(), e);
        }
    }
}
