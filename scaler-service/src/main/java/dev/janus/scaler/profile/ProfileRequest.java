package dev.janus.scaler.profile;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /admin/scaler/profile}: what comm-lib ProfileSweep measures.
 *
 * @param attention     attention-service to load; null = the first of moe.scaler.signals.attention.uris
 * @param experts       every expert-service's HTTP URL (their /actuator/prometheus)
 * @param batches       concurrent sequences per point; null = 1, 2, 4, 8
 * @param promptTokens  prompt lengths; null = 32, 256
 * @param outputTokens  tokens generated per sequence, at least 8; null = 32
 * @param repeats       runs of each point's pair of batches (the median difference counts); null = 3
 * @param use           plan with the fitted profile from now on (until the next start or profile); null = false
 */
public record ProfileRequest(@Nullable URI attention, @NotEmpty List<@NotNull URI> experts,
                             @Nullable List<@NotNull @Min(1) @Max(4096) Integer> batches,
                             @Nullable List<@NotNull @Min(1) @Max(1_000_000) Integer> promptTokens,
                             @Nullable @Min(8) @Max(100_000) Integer outputTokens,
                             @Nullable @Min(1) @Max(20) Integer repeats, @Nullable Boolean use) {

    List<Integer> batchesOrDefault() {
        return batches == null || batches.isEmpty() ? List.of(1, 2, 4, 8) : batches;
    }

    List<Integer> promptTokensOrDefault() {
        return promptTokens == null || promptTokens.isEmpty() ? List.of(32, 256) : promptTokens;
    }

    int outputTokensOrDefault() {
        return outputTokens == null ? 32 : outputTokens;
    }

    boolean useIt() {
        return Boolean.TRUE.equals(use);
    }

    int repeatsOrDefault() {
        return repeats == null ? 3 : repeats;
    }
}
