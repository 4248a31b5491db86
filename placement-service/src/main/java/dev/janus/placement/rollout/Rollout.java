package dev.janus.placement.rollout;

import dev.janus.comm.placement.PlacementEpoch;
import dev.janus.comm.placement.policy.Placement;
import dev.janus.placement.cluster.ExpertClient;
import dev.janus.placement.cluster.ExpertInstance;
import dev.janus.placement.cluster.Parallel;
import dev.janus.placement.cluster.Parallel.Outcome;
import dev.janus.placement.cluster.ServiceInstances;
import dev.janus.placement.config.PlacementServiceProperties;
import dev.janus.placement.epoch.EpochRegistry;
import dev.janus.service.error.AdminException;
import dev.janus.placement.rollout.RolloutResult.AttentionStep;
import dev.janus.placement.rollout.RolloutResult.ExpertStep;
import dev.janus.placement.rollout.RolloutResult.Origin;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The live switch (DESIGN.md §10, issue 11 §4), one at a time:
 * <ol>
 *   <li>PREPARE the new version on every expert-service, in parallel; all must answer ready
 *       within {@code prepare-timeout}, else the new version is released wherever it may have
 *       been mapped, the rollout aborts (502) and the old epoch keeps serving;</li>
 *   <li>persist it as the current epoch (services that start from now on pull it);</li>
 *   <li>COMMIT on every attention-service (retried); each answers once it switched at a step
 *       boundary and no step still uses the old epoch;</li>
 *   <li>RELEASE the previous version on every expert-service, only when every attention-service
 *       confirmed (else the {@link Reconciler} does once they have).</li>
 * </ol>
 * A second rollout while one runs gets 409 ({@link #exclusively}).
 */
@Component
public class Rollout {

    private static final Logger log = LoggerFactory.getLogger(Rollout.class);

    private final RolloutLock lock;
    private final EpochRegistry registry;
    private final ServiceInstances instances;
    private final ExpertClient experts;
    private final Committer committer;
    private final PlacementServiceProperties.Rollout props;

    public Rollout(RolloutLock lock, EpochRegistry registry, ServiceInstances instances, ExpertClient experts,
                   Committer committer, PlacementServiceProperties props) {
        this.lock = lock;
        this.registry = registry;
        this.instances = instances;
        this.experts = experts;
        this.committer = committer;
        this.props = props.rollout();
    }

    /** Runs {@code work} holding the rollout lock (re-entrant); 409 when another rollout runs. */
    public <T> T exclusively(Supplier<T> work) {
        return lock.exclusively(work);
    }

    /** Rolls {@code placement} out as a new version, max known + 1. */
    public RolloutResult apply(Placement placement, Origin origin) {
        return exclusively(() -> run(placement, origin));
    }

    private RolloutResult run(Placement placement, Origin origin) {
        long start = System.nanoTime();
        PlacementEpoch previous = registry.require();
        if (placement.layers() != previous.layers() || placement.experts() != previous.logicalExperts()) {
            throw AdminException.conflict("placement_mismatch", "The placement has " + placement.layers()
                    + " layers x " + placement.experts() + " experts; the model has " + previous.layers() + " x "
                    + previous.logicalExperts() + ".");
        }
        PlacementEpoch next = placement.toEpoch(registry.nextVersion());
        registry.noteSeen(next.version()); // never handed out again, even if this rollout aborts
        List<ExpertInstance> targets = Targets.experts(instances.experts(), next.instances());
        var prepared = Parallel.call(targets, x -> experts.prepare(x.uri(), next), props.prepareTimeout().plusSeconds(1));
        long prepareDone = System.nanoTime();
        if (!prepared.stream().allMatch(Outcome::ok)) {
            throw abort(next, previous, prepared);
        }
        try {
            registry.record(next, origin.source(), origin.policy(), origin.planId());
        } catch (RuntimeException e) { // not persisted = not current: nobody may switch to it
            releaseEverywhere(prepared, next.version());
            throw e;
        }
        List<AttentionStep> commits = committer.commitAll(instances.attention(), next);
        long commitDone = System.nanoTime();
        // committed everywhere a process runs: one that refused the connection holds no epoch
        boolean allCommitted = commits.stream().allMatch(AttentionStep::settled);
        long notRunning = commits.stream().filter(c -> !c.running()).count();
        // the instances that may hold the previous epoch: those of either epoch (a known instance
        // beyond both, e.g. listed for a later scale-out and not running, never prepared it)
        int holders = Math.max(previous.instances(), next.instances());
        List<ExpertInstance> previousHolders = instances.experts().stream().filter(x -> x.id() < holders).toList();
        List<Outcome<ExpertInstance, Boolean>> released = allCommitted
                ? Parallel.call(previousHolders, x -> release(x, previous.version()), props.requestTimeout().plusSeconds(1))
                : List.of();
        long end = System.nanoTime();
        List<ExpertStep> steps = new ArrayList<>();
        for (var p : prepared) {
            boolean rel = released.stream().anyMatch(r -> r.target().equals(p.target()) && r.ok());
            steps.add(new ExpertStep(p.target().id(), p.target().uri(), true, p.value().hostedExperts(), rel, null));
        }
        var timings = new RolloutResult.Timings(ms(prepareDone - start), ms(commitDone - prepareDone),
                ms(end - commitDone), ms(end - start));
        log.info("epoch {} rolled out ({}{}): prepare {} ms, commit {} ms, release {} ms{}", next.version(),
                origin.source(), origin.planId() == null ? "" : " " + origin.planId(), timings.prepareMs(),
                timings.commitMs(), timings.releaseMs(), allCommitted ? (notRunning == 0 ? "" : "; " + notRunning + " listed attention-service(s) not running")
                        : "; not every attention-service committed");
        return new RolloutResult(next.version(), previous.version(), origin.source(), origin.planId(), timings, steps,
                commits, allCommitted && released.stream().allMatch(Outcome::ok));
    }

    private AdminException abort(PlacementEpoch next, PlacementEpoch previous,
                                 List<Outcome<ExpertInstance, ExpertClient.Prepared>> prepared) {
        List<Integer> released = releaseEverywhere(prepared, next.version());
        List<Failure> failed = prepared.stream().filter(o -> !o.ok())
                .map(o -> new Failure(o.target().id(), o.target().uri(), String.valueOf(o.message()))).toList();
        Failure first = failed.getFirst();
        log.warn("epoch {} aborted: {} of {} MoE instances did not prepare it (first: {})", next.version(),
                failed.size(), prepared.size(), first);
        return new AdminException(HttpStatus.BAD_GATEWAY, "prepare_failed", "MoE instance " + first.instance()
                + " (" + first.uri() + ") did not prepare epoch " + next.version() + ": " + first.error()
                + ". The rollout was aborted; epoch " + previous.version() + " keeps serving.")
                .with("version", next.version()).with("current_version", previous.version()).with("failed", failed)
                .with("released", released);
    }

    /** Releases {@code version} on every target, not only where it answered ready: a timed-out prepare may still finish. */
    private List<Integer> releaseEverywhere(List<Outcome<ExpertInstance, ExpertClient.Prepared>> prepared, long version) {
        return Parallel.call(prepared.stream().map(Outcome::target).toList(), x -> release(x, version),
                props.requestTimeout().plusSeconds(1)).stream().filter(Outcome::ok).map(o -> o.target().id()).toList();
    }

    /** A MoE instance that did not prepare, as the 502 problem lists it. */
    record Failure(int instance, URI uri, String error) {}

    private boolean release(ExpertInstance x, long version) {
        experts.release(x.uri(), version);
        return true;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
