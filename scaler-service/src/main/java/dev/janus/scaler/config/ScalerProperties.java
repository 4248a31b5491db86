package dev.janus.scaler.config;

import dev.janus.comm.discovery.DnsInstances;
import dev.janus.scaler.actuate.ShellWords;
import dev.janus.scaler.control.Mode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SLO-aware scaling settings (DESIGN.md §1.5, §10). The SLO, bounds, cooldown and mode here are
 * the start values of {@code /admin/scaler/config}, which changes them at run time.
 *
 * @param tpotSlo   target time per output token that the planner must meet; the default is a
 *                  local-run value, not one from the paper
 * @param actuator  how a decision is applied; dry-run only logs and records it, so it is the safe default
 * @param adminKeys Bearer keys accepted on /admin/**; empty = every admin request is refused (fail closed)
 * @param model     what the planner sizes: a built-in description (comm-lib ModelDescriptions.BUILT_IN), a
 *                  description file, or the served model's HF directory / config.json
 * @param profile   the hardware: a built-in profile (h100-sxm, h200-sxm, cpu-placeholder) or a profile file
 * @param attention bounds and start size of the attention pool
 * @param moe       bounds and start size of the MoE pool (expert-service instances)
 * @param auto      the automatic mode: how often, how stable, how far apart actions are
 * @param signals   where the live signals come from
 * @param local      the local actuator's commands
 * @param kubernetes the kubernetes actuator's workloads
 * @param placement  placement-service, for scaling MoE instances live (none: MoE instances are only started / stopped)
 * @param profileDir where {@code POST /admin/scaler/profile} stores the profiles it fits
 */
@Validated
@ConfigurationProperties("moe.scaler")
public record ScalerProperties(
        @DurationMin(millis = 1) @DefaultValue("200ms") Duration tpotSlo,
        @NotNull @DefaultValue("dry-run") Actuator actuator,
        @DefaultValue List<String> adminKeys,
        @NotBlank @DefaultValue("deepseek-v2-like") String model,
        @NotBlank @DefaultValue("h100-sxm") String profile,
        @Valid @NotNull @DefaultValue Pool attention,
        @Valid @NotNull @DefaultValue Pool moe,
        @Valid @NotNull @DefaultValue Auto auto,
        @Valid @NotNull @DefaultValue Signals signals,
        @Valid @NotNull @DefaultValue Local local,
        @Valid @NotNull @DefaultValue Kubernetes kubernetes,
        @Valid @NotNull @DefaultValue Placement placement,
        @NotBlank @DefaultValue("${java.io.tmpdir}/janus-scaler/profiles") String profileDir) {

    /** Where scaling decisions go. */
    public enum Actuator {
        DRY_RUN,
        LOCAL,
        KUBERNETES
    }

    /**
     * @param min     never fewer instances
     * @param max     never more (also the planner's search bound)
     * @param initial the size assumed at start when the actuator cannot read it (dry-run)
     */
    public record Pool(@Min(1) @DefaultValue("1") int min, @Min(1) @Max(4096) @DefaultValue("8") int max,
                       @Min(1) @DefaultValue("1") int initial) {

        @AssertTrue(message = "needs min <= initial <= max")
        public boolean isOrdered() {
            return min <= initial && initial <= max;
        }
    }

    /**
     * @param mode               manual: only {@code POST /admin/scaler/apply} acts; auto: every evaluation may
     * @param evaluateEvery      how often signals are read and the wanted size computed
     * @param stableEvaluations  hysteresis: act only after the same wanted size this many evaluations in a row
     * @param margin             hysteresis: ignore a wanted size within this many instances of the current one
     * @param cooldown           no automatic action sooner than this after the last one
     * @param promptTokens       mean prompt tokens assumed while the signals have none
     * @param outputTokens       mean output tokens assumed while the signals have none
     */
    public record Auto(@NotNull @DefaultValue("manual") Mode mode,
                       @DurationMin(millis = 10) @DefaultValue("30s") Duration evaluateEvery,
                       @Min(1) @Max(100) @DefaultValue("3") int stableEvaluations,
                       @PositiveOrZero @DefaultValue("0") int margin,
                       @DurationMin(millis = 0) @DefaultValue("5m") Duration cooldown,
                       @PositiveOrZero @DefaultValue("512") int promptTokens,
                       @Min(1) @DefaultValue("256") int outputTokens) {}

    /**
     * @param prometheusUrl a Prometheus server (its HTTP query API); null = scrape the attention instances
     * @param window        the rate window of PromQL queries ({@code rate(x[window])})
     * @param timeout       per HTTP request
     * @param attention     the attention instances scraped when there is no Prometheus server
     */
    public record Signals(@Nullable URI prometheusUrl,
                          @NotBlank @DefaultValue("1m") String window,
                          @DurationMin(millis = 10) @DefaultValue("5s") Duration timeout,
                          @Valid @NotNull @DefaultValue Instances attention) {}

    /**
     * @param uris      base URLs, e.g. http://localhost:8081
     * @param serviceId when set, the instances come from Spring Cloud's DiscoveryClient instead of uris
     * @param dns       else, when set: one instance per address of this name (comm-lib DnsInstances),
     *                  e.g. the attention-services' headless Service {@code http://attention-service:8081}
     */
    public record Instances(@DefaultValue List<@NotNull URI> uris, @NotNull @DefaultValue("") String serviceId,
                            @Nullable URI dns) {

        public Instances {
            if (dns != null) {
                DnsInstances.requireValid(dns);
            }
        }

        public boolean discovered() {
            return !serviceId.isBlank();
        }
    }

    /**
     * The local actuator (moe.scaler.actuator=local): one command per pool, e.g.
     * {@code [java, -jar, expert-service/target/expert-service.jar, --server.port={port}, ...]}.
     *
     * @param attention   attention-service instances
     * @param experts     expert-service instances (index = MoE instance id)
     * @param logDir      each process's output goes to {@code <pool>-<index>.log} here
     * @param stopTimeout SIGTERM, then a forced kill after this
     */
    public record Local(@Valid @NotNull @DefaultValue LocalPool attention,
                        @Valid @NotNull @DefaultValue LocalPool experts,
                        @NotBlank @DefaultValue("${java.io.tmpdir}/janus-scaler") String logDir,
                        @DurationMin(millis = 10) @DefaultValue("30s") Duration stopTimeout) {}

    /**
     * One pool's command, given in exactly one of two ways (both keep an argument with commas whole,
     * e.g. {@code --moe.experts.targets=127.0.0.1:9092,127.0.0.1:9093}):
     * <ul>
     *   <li>{@code command-line}: one string, split like a shell splits words (actuate/ShellWords:
     *       quotes and backslashes, no expansion) — the form for a command line or an environment
     *       variable, e.g. {@code --moe.scaler.local.experts.command-line='java -jar e.jar --server.port={port}'};</li>
     *   <li>{@code command}: a YAML list, or indexed properties {@code command[0]=java},
     *       {@code command[1]=-jar}, ... A flat {@code command=a,b,c} is comma-split by Spring, so
     *       it only suits arguments without commas.</li>
     * </ul>
     *
     * @param command      the arguments as a list; {index}, {port} and {grpc_port} are filled in per instance
     * @param commandLine  the arguments as one shell-quoted string, same placeholders
     * @param external     instances 0..external-1 run already (started by ./run-local): counted, never stopped
     * @param basePort     {port} = basePort + index
     * @param grpcBasePort {grpc_port} = grpcBasePort + index
     */
    public record LocalPool(@DefaultValue List<String> command, @NotNull @DefaultValue("") String commandLine,
                            @PositiveOrZero @DefaultValue("0") int external,
                            @Min(1) @Max(65535) @DefaultValue("8081") int basePort,
                            @Min(1) @Max(65535) @DefaultValue("9092") int grpcBasePort) {

        public LocalPool {
            if (!command.isEmpty() && !commandLine.isBlank()) {
                throw new IllegalArgumentException("give a pool's command either as command or as command-line, not both");
            }
            ShellWords.split(commandLine); // a quoting error fails at startup, not at the first scale-out
        }

        /** The arguments, from whichever form was given (empty when neither). */
        public List<String> arguments() {
            return commandLine.isBlank() ? command : ShellWords.split(commandLine);
        }
    }

    /**
     * The kubernetes actuator (moe.scaler.actuator=kubernetes): the scale subresources of the
     * k8s/ workloads; the client reads its cluster from the pod's service account or ~/.kube/config.
     *
     * @param namespace           empty = the client's namespace
     * @param attentionDeployment the attention-service Deployment
     * @param expertStatefulSet   the expert-service StatefulSet (pod ordinal = MoE instance id)
     */
    public record Kubernetes(@NotNull @DefaultValue("") String namespace,
                             @NotBlank @DefaultValue("attention-service") String attentionDeployment,
                             @NotBlank @DefaultValue("expert-service") String expertStatefulSet) {}

    /**
     * MoE scaling as placement change + process change (DESIGN.md §10): with a {@code uri}, a new
     * MoE instance gets experts only after it is ready, and one is stopped only after an epoch
     * without it is out and the previous one released.
     *
     * @param uri            placement-service's base URL; null = no epoch changes (MoE scaling then loses requests)
     * @param adminKey       one of its {@code moe.placement-service.admin-keys}
     * @param timeout        per request (a rollout prepares, commits and releases within it)
     * @param readyTimeout   a started MoE instance must answer its readiness probe within this
     * @param expertUri      MoE instance i's HTTP base URL; {index} and {port} (local.experts.base-port + i) are filled in
     */
    public record Placement(@Nullable URI uri, @NotNull @DefaultValue("") String adminKey,
                            @DurationMin(millis = 10) @DefaultValue("2m") Duration timeout,
                            @DurationMin(millis = 10) @DefaultValue("3m") Duration readyTimeout,
                            @NotBlank @DefaultValue("http://127.0.0.1:{port}") String expertUri) {}
}
