package dev.janus.attention.config;

import dev.janus.comm.discovery.InstanceTemplate;
import dev.janus.comm.scheduling.SchedulerOptions;
import dev.janus.comm.scheduling.SchedulingPolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the routed experts run (DESIGN.md §2).
 *
 * @param transport  {@code in-process}: every expert in this JVM (the monolithic baseline);
 *                   {@code grpc}: on expert-service instances, one bidi stream to each
 * @param targets    grpc: {@code host:port} of each MoE instance, indexed by its instance id
 *                   (its {@code moe.expert.instance-id}); at least {@code moe.placement.instances}.
 *                   With {@code targetTemplate} set: its expansion (configure one or the other)
 * @param targetTemplate grpc, instead of targets: {@code host:port} with {@code {index}}, e.g. the
 *                   StatefulSet pod names {@code expert-service-{index}.expert-service:9092}
 *                   (k8s/, comm-lib InstanceTemplate); expanded for index 0 .. targetCount-1
 * @param targetCount with targetTemplate: the most MoE instances the cluster may scale to (the
 *                   scaler's {@code moe.scaler.moe.max}); streams open only to instances an epoch uses
 * @param scheduler  grpc: the activation scheduling policy ({@code aebs-rep}, {@code aebs},
 *                   {@code static}, {@code round-robin}, {@code random})
 * @param deadline   grpc: how long a layer step waits for an instance before failing over
 * @param quarantine grpc: how long a failed instance is routed around before it is tried again
 * @param spreadTokens grpc, aebs family: also spread a hot expert's tokens over its replicas on
 *                   instances below a_max (never raising a_max), to lower the most tokens per
 *                   instance (docs/benchmarks.md, plan quality)
 * @param schedulerSeed grpc, {@code random} policy: the seed (equal on every attention instance)
 * @param microBatches ping-pong micro-batches per step (MegaScale-Infer): while the MoE instances
 *                   compute one micro-batch of a layer, attention computes the next; 1 = off.
 *                   Results are identical for every value; only useful with remote experts
 */
@ConfigurationProperties("moe.experts")
public record ExpertsProperties(
        @DefaultValue("in-process") Transport transport,
        @DefaultValue List<String> targets,
        @DefaultValue("") String targetTemplate,
        @DefaultValue("0") int targetCount,
        @DefaultValue("aebs-rep") String scheduler,
        @DefaultValue("10s") Duration deadline,
        @DefaultValue("30s") Duration quarantine,
        @DefaultValue("1") int microBatches,
        @DefaultValue("false") boolean spreadTokens,
        @DefaultValue("0") long schedulerSeed) {

    public enum Transport { IN_PROCESS, GRPC }

    public SchedulerOptions schedulerOptions() {
        return SchedulerOptions.DEFAULT.withSeed(schedulerSeed).withSpreadTokens(spreadTokens);
    }

    public ExpertsProperties {
        if (!targetTemplate.isBlank()) {
            if (!targets.isEmpty()) {
                throw new IllegalArgumentException("set moe.experts.targets or moe.experts.target-template, not both");
            }
            targets = InstanceTemplate.expand(targetTemplate, targetCount, "moe.experts.target-template");
        }
        targets = List.copyOf(targets);
        if (transport == Transport.GRPC && targets.isEmpty()) {
            throw new IllegalArgumentException("moe.experts.targets must list host:port of every MoE instance (or moe.experts.target-template name them) when moe.experts.transport=grpc");
        }
        for (String t : targets) {
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || !t.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("moe.experts.targets: expected host:port, got '" + t + "'");
            }
        }
        if (!SchedulingPolicy.isKnown(scheduler)) {
            SchedulingPolicy.fromName(scheduler); // throws, listing the known names
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("moe.experts.deadline must be positive");
        }
        if (quarantine.isNegative()) {
            throw new IllegalArgumentException("moe.experts.quarantine must not be negative");
        }
        if (microBatches < 1) {
            throw new IllegalArgumentException("moe.experts.micro-batches must be at least 1 (1 = off), got " + microBatches);
        }
    }
}
