package dev.janus.comm.grpc;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Client channels between attention instances, aggregators and MoE instances: plaintext or TLS
 * ({@link GrpcTls}, {@code moe.grpc.tls.*}), with a message limit that fits a layer step
 * ({@link #MAX_MESSAGE_BYTES}), and their orderly shutdown.
 */
public final class Channels {

    /**
     * Largest ActivationBatch / ExpertResultBatch accepted, on both ends (gRPC's default is
     * 4 MiB). An answer carries one fp32 row per (token, slot): a 512-token prefill step of a
     * DeepSeek-V3-sized model (hidden 7168, top-8) is 512 × 8 × 7168 × 4 B = 117 MB. Servers set
     * the same limit (expert-service: {@code spring.grpc.server.max-inbound-message-size}).
     */
    public static final int MAX_MESSAGE_BYTES = 256 << 20;

    private Channels() {
    }

    /** A plaintext channel to {@code host:port} that accepts messages up to {@link #MAX_MESSAGE_BYTES}. */
    public static ManagedChannel forTarget(String target) {
        return forTarget(target, GrpcTls.plaintext());
    }

    /** A channel to {@code host:port}, TLS when {@code tls} is enabled, accepting messages up to {@link #MAX_MESSAGE_BYTES}. */
    public static ManagedChannel forTarget(String target, GrpcTls tls) {
        return NettyChannelBuilder.forTarget(target, tls.channelCredentials())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES).build();
    }

    /** Lets calls in flight end, but not for more than 5 s. */
    public static void shutdown(List<ManagedChannel> channels) {
        for (ManagedChannel c : channels) {
            c.shutdown();
        }
        for (ManagedChannel c : channels) {
            try {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.shutdownNow();
            }
        }
    }
}
