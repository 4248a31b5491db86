package dev.janus.attention.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This attention instance's node, for adaptive two-phase communication (paper §3.2, split mode
 * only). The {@code members} attention instances of one node send their MoE rows either directly
 * or through the node's aggregator, which member 0 hosts; the choice is made per layer step by a
 * cost model whose inter-node constants are measured against MoE instance 0.
 *
 * @param name               the node label (e.g. the Kubernetes node name): logs and metrics
 * @param members            attention instances on this node; 1 = always direct
 * @param member             this instance's index on the node, 0 hosts the aggregator
 * @param aggregatorPort     member 0: the aggregator's gRPC port (0 = any free port)
 * @param aggregatorHost     member 0: the address the aggregator binds to; empty = every interface
 *                           ({@code ./run-local}: 127.0.0.1, like the services' HTTP and gRPC ports)
 * @param aggregator         members ≥ 1: {@code host:port} of member 0's aggregator
 * @param mode               {@code adaptive} (cost model), {@code direct} or {@code two-phase}
 * @param aggregationTimeout longest a layer step waits at the aggregator for the node's other
 *                           active members
 * @param activeWindow       a member silent this long (no requests) is not waited for
 * @param nodeAlpha          cost model: latency of one node-local message (phase 1)
 * @param nodeBytesPerSecond cost model: node-local bandwidth (phase 1)
 */
@ConfigurationProperties("moe.node")
public record NodeProperties(
        @DefaultValue("local") String name,
        @DefaultValue("1") int members,
        @DefaultValue("0") int member,
        @DefaultValue("9190") int aggregatorPort,
        @DefaultValue("") String aggregatorHost,
        @DefaultValue("") String aggregator,
        @DefaultValue("adaptive") Mode mode,
        @DefaultValue("2ms") Duration aggregationTimeout,
        @DefaultValue("50ms") Duration activeWindow,
        @DefaultValue("20us") Duration nodeAlpha,
        @DefaultValue("20000000000") double nodeBytesPerSecond) {

    public enum Mode { ADAPTIVE, DIRECT, TWO_PHASE }

    public NodeProperties {
        if (members < 1) {
            throw new IllegalArgumentException("moe.node.members must be >= 1");
        }
        if (member < 0 || member >= members) {
            throw new IllegalArgumentException("moe.node.member must be in [0, moe.node.members - 1], got " + member);
        }
        if (aggregatorPort < 0 || aggregatorPort > 65_535) {
            throw new IllegalArgumentException("moe.node.aggregator-port must be a port number, got " + aggregatorPort);
        }
        if (members > 1 && member > 0 && !aggregator.matches(".+:\\d{1,5}")) {
            throw new IllegalArgumentException("moe.node.aggregator must be host:port of member 0's aggregator"
                    + " (moe.node.member=" + member + " of " + members + "), got '" + aggregator + "'");
        }
        if (aggregationTimeout.isNegative() || activeWindow.isNegative() || nodeAlpha.isNegative()) {
            throw new IllegalArgumentException("moe.node.aggregation-timeout, active-window and node-alpha must not be negative");
        }
        if (!(nodeBytesPerSecond > 0)) {
            throw new IllegalArgumentException("moe.node.node-bytes-per-second must be positive");
        }
    }

    public boolean twoPhase() {
        return members > 1 && mode != Mode.DIRECT;
    }

    public boolean hostsAggregator() {
        return member == 0;
    }
}
