package dev.janus.placement.config;

import dev.janus.comm.discovery.DnsInstances;
import dev.janus.comm.discovery.InstanceTemplate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * placement-service's own settings ({@code moe.placement-service.*}; {@code moe.placement.*} is
 * the cluster placement every service shares). Defaults run with {@code ./run-local}.
 * {@code moe.placement-service.data-dir} (application.yml) only places the default H2 database.
 *
 * @param adminKeys Bearer keys accepted on /admin/**; empty = every admin request is refused (fail closed)
 * @param attention attention-service instances: statistics come from them, they commit epochs
 * @param experts   expert-service instances, list or template index (or discovery metadata {@code moe-instance}) = MoE instance id
 * @param initial   the cluster used when no epoch exists yet (round robin, version 1)
 * @param stats     activation statistics polling
 * @param rollout   prepare / commit / release timeouts and the reconcile period
 * @param plan      how a plan's effect is predicted when no routing sample exists
 * @param auto      how often automatic re-planning checks its settings (the settings are set over REST)
 */
@Validated
@ConfigurationProperties("moe.placement-service")
public record PlacementServiceProperties(
        @DefaultValue List<String> adminKeys,
        @Valid @NotNull @DefaultValue Instances attention,
        @Valid @NotNull @DefaultValue Instances experts,
        @Valid @NotNull @DefaultValue Initial initial,
        @Valid @NotNull @DefaultValue Stats stats,
        @Valid @NotNull @DefaultValue Plan plan,
        @Valid @NotNull @DefaultValue Rollout rollout,
        @Valid @NotNull @DefaultValue Auto auto) {

    /**
     * Where the instances are: the first of serviceId, dns, uriTemplate that is set, else uris.
     *
     * @param uris        base URLs, e.g. http://localhost:8081 (experts: list index = MoE instance id)
     * @param serviceId   when set, the instances come from Spring Cloud's DiscoveryClient instead of uris
     * @param dns         one instance per address of this name (comm-lib DnsInstances), e.g. a headless
     *                    Service {@code http://attention-service:8081}; attention-services only, as an
     *                    address carries no MoE instance id
     * @param uriTemplate instance i's base URL with {@code {index}} for i < count (comm-lib
     *                    InstanceTemplate), e.g. {@code http://expert-service-{index}.expert-service:8082}:
     *                    StatefulSet pods, whose ordinal is the MoE instance id
     * @param count       with uriTemplate: the most instances the cluster may scale to
     */
    public record Instances(@DefaultValue List<@NotNull URI> uris, @NotNull @DefaultValue("") String serviceId,
                            @Nullable URI dns, @NotNull @DefaultValue("") String uriTemplate,
                            @PositiveOrZero @DefaultValue("0") int count) {

        public Instances {
            if (dns != null) {
                DnsInstances.requireValid(dns);
                if (!uriTemplate.isBlank()) {
                    throw new IllegalArgumentException("set dns or uri-template, not both (dns " + dns + ")");
                }
            }
            if (!uriTemplate.isBlank()) {
                InstanceTemplate.expand(uriTemplate, count, "uri-template").forEach(URI::create);
            }
        }

        public boolean discovered() {
            return !serviceId.isBlank();
        }

        /** The template's instances 0 .. count-1; empty without a template. */
        public List<URI> templated() {
            return uriTemplate.isBlank() ? List.of()
                    : InstanceTemplate.expand(uriTemplate, count, "uri-template").stream().map(URI::create).toList();
        }
    }

    /**
     * Must equal the services' {@code moe.placement.instances} / {@code redundant-slots}, so that
     * version 1 here is the epoch they computed (application.yml defaults to those properties).
     *
     * @param instances        N MoE instances
     * @param redundantSlots   R extra replicas per layer
     * @param instancesPerNode MoE instances per node for EPLB's hierarchical variant, 0 = one node
     * @param file             a placement file (PlacementJson, e.g. from {@code ./janus plan}) to start
     *                         from instead of round robin, like SGLang's --init-expert-location; null = none
     */
    public record Initial(@Min(1) @DefaultValue("1") int instances,
                          @PositiveOrZero @DefaultValue("0") int redundantSlots,
                          @PositiveOrZero @DefaultValue("0") int instancesPerNode,
                          @Nullable Path file) {}

    /**
     * @param pollInterval how often every attention-service's snapshot is fetched
     * @param staleAfter   a snapshot older than this (its instance stopped answering) leaves the merge
     * @param timeout      per request
     * @param historyPolls polls of merged per-layer load kept for {@code GET /admin/placement/stats/history}
     *                     (the page's load-over-time heatmap; 120 x 10 s = the last 20 minutes; memory
     *                     is historyPolls x L x E longs: 15 MB for 61 x 256)
     */
    public record Stats(@DurationMin(millis = 10) @DefaultValue("10s") Duration pollInterval,
                        @DurationMin(seconds = 1) @DefaultValue("1m") Duration staleAfter,
                        @DurationMin(millis = 10) @DefaultValue("5s") Duration timeout,
                        @Min(1) @Max(10_000) @DefaultValue("120") int historyPolls) {}

    /**
     * Prediction without recorded routing replays batches synthesised from the statistics
     * (comm-lib SyntheticRouting): this many per layer, of this many tokens (a decode step).
     *
     * @param syntheticBatches batches per layer
     * @param batchTokens      tokens per batch
     * @param seed             of the synthetic batches (predictions are reproducible)
     */
    public record Plan(@Min(1) @Max(10_000) @DefaultValue("32") int syntheticBatches,
                       @Min(1) @Max(65_536) @DefaultValue("64") int batchTokens,
                       @DefaultValue("0") long seed) {}

    /**
     * @param connectTimeout    TCP connect, every control call
     * @param prepareTimeout    an expert-service maps its new replicas within this, or the rollout aborts
     * @param commitTimeout     an attention-service switches (and drains the old epoch's steps) within this
     * @param commitAttempts    tries per attention-service before it is reported as not committed
     * @param requestTimeout    every other call (release, version queries)
     * @param reconcileInterval how often services that are behind get the current epoch again
     * @param republishOnStart  push the last applied epoch to every service when this service starts
     */
    public record Rollout(@DurationMin(millis = 10) @DefaultValue("2s") Duration connectTimeout,
                          @DurationMin(millis = 10) @DefaultValue("60s") Duration prepareTimeout,
                          @DurationMin(millis = 10) @DefaultValue("30s") Duration commitTimeout,
                          @Min(1) @Max(20) @DefaultValue("3") int commitAttempts,
                          @DurationMin(millis = 10) @DefaultValue("10s") Duration requestTimeout,
                          @DurationMin(millis = 10) @DefaultValue("30s") Duration reconcileInterval,
                          @DefaultValue("true") boolean republishOnStart) {}

    /** @param checkEvery the automatic re-planner wakes up this often (it acts at most once per its interval) */
    public record Auto(@DurationMin(millis = 10) @DefaultValue("30s") Duration checkEvery) {}
}
