package dev.janus.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command lines of the split suite's processes in these tests, one place for all of them (as
 * ./run-local wires them): every service gets the same start placement; attention-service knows
 * every MoE instance's gRPC address; an expert-service's instance id is its index.
 */
final class SuiteArgs {

    /** moe.placement-service.admin-keys of the placement-service these tests start. */
    static final String ADMIN_KEY = "e2e-admin-key";

    private SuiteArgs() {
    }

    /** {@code --moe.placement.instances} and {@code redundant-slots}: the same on every service. */
    static List<String> placement(int instances, int redundantSlots) {
        return List.of("--moe.placement.instances=" + instances, "--moe.placement.redundant-slots=" + redundantSlots);
    }

    static List<String> attention(Path model, List<String> placement, int[] grpc) {
        List<String> args = new ArrayList<>(List.of("--moe.model.path=" + model, "--moe.experts.transport=grpc",
                "--moe.experts.targets=" + Arrays.stream(grpc).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")),
                "--moe.scheduler.compute-threads=1", "--moe.scheduler.kv-cache-tokens=16384"));
        args.addAll(placement);
        return args;
    }

    /** @param placementUrl placement-service to learn the current epoch from at start, or null */
    static List<String> expert(Path model, List<String> placement, int instance, int grpcPort, String placementUrl) {
        List<String> args = new ArrayList<>(List.of("--moe.model.path=" + model, "--moe.expert.instance-id=" + instance,
                "--spring.grpc.server.port=" + grpcPort, "--moe.expert.compute-threads=1"));
        args.addAll(placement);
        if (placementUrl != null) {
            args.add("--moe.placement.service=" + placementUrl);
        }
        return args;
    }

    /**
     * The gateway in front of {@code attentionUris} (comma-separated) with one API key and a rate
     * limit no test reaches, its buckets kept by {@code rateLimitBackend} (memory or redis).
     */
    static List<String> gateway(String attentionUris, String apiKey, String rateLimitBackend) {
        return new ArrayList<>(List.of("--moe.gateway.attention-uris=" + attentionUris, "--moe.gateway.api-keys=" + apiKey,
                "--moe.gateway.rate-limit.backend=" + rateLimitBackend, "--moe.gateway.rate-limit.replenish-per-second=100000",
                "--moe.gateway.rate-limit.burst=100000"));
    }

    /** Starts MoE instances 0 .. grpc.length - 1 (named {@code name}-i) on those gRPC ports, in order. */
    static List<ServiceProcess> startExperts(String name, Path model, List<String> placement, int[] grpc) {
        List<ServiceProcess> experts = new ArrayList<>();
        try {
            for (int i = 0; i < grpc.length; i++) {
                experts.add(ServiceProcess.start(name + "-" + i, "janus.e2e.expert-jar", expert(model, placement, i, grpc[i], null)));
            }
        } catch (RuntimeException e) {
            experts.forEach(ServiceProcess::close);
            throw e;
        }
        return experts;
    }

    static List<String> placementService(List<String> placement, List<String> attentionUrls, List<String> expertUrls,
                                         Path tmp) {
        List<String> args = new ArrayList<>(List.of("--moe.placement-service.admin-keys=" + ADMIN_KEY,
                "--moe.placement-service.attention.uris=" + String.join(",", attentionUrls),
                "--moe.placement-service.experts.uris=" + String.join(",", expertUrls),
                "--moe.placement-service.data-dir=" + tmp.resolve("placement")));
        args.addAll(placement);
        return args;
    }
}
