package dev.janus.cli;

import dev.janus.comm.scaling.HardwareProfile;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.ModelDescription;
import dev.janus.comm.scaling.ModelDescriptions;
import dev.janus.comm.scaling.profile.FittedProfile;
import dev.janus.comm.scaling.profile.ProfileSweep;
import dev.janus.comm.scaling.profile.SweepPoint;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code profile}: fits the latency model's stage constants to the running services (issue 12
 * §1) — a sweep of batch sizes × prompt lengths as real streamed completions against
 * attention-service ({@link ProfileSweep}), per-layer times from the services' /actuator/prometheus,
 * non-negative least squares ({@link FittedProfile}), and a profile JSON with its fit error and
 * provenance that scaler-service reads with {@code --moe.scaler.profile=FILE} and
 * {@code simulate --profile FILE} too.
 */
@Command(name = "profile", sortOptions = false,
        description = {"Fit a hardware profile to running attention and expert services.",
                "Sends --batches × --prompt-tokens streamed completions to attention-service, reads per-layer times"
                        + " from every service's /actuator/prometheus while the batch decodes, fits overhead, seconds per"
                        + " byte and per flop of the attention and MoE stages and writes the profile JSON (with the fit"
                        + " error) for --moe.scaler.profile. The services should carry no other traffic meanwhile."})
final class ProfileCommand implements Callable<Integer> {

    @Option(names = "--attention", required = true, paramLabel = "URL", description = "attention-service, e.g. http://localhost:8081")
    URI attention;

    @Option(names = "--experts", required = true, split = ",", paramLabel = "URL", description = "every expert-service's HTTP URL, comma separated")
    List<URI> experts;

    @Option(names = "--model", required = true, paramLabel = "HF_DIR", description = "the served model's directory (its config.json gives the byte and flop counts)")
    String model;

    @Option(names = "--batches", split = ",", defaultValue = "1,2,4,8", paramLabel = "B", description = "concurrent sequences per point (default ${DEFAULT-VALUE})")
    List<Integer> batches;

    @Option(names = "--prompt-tokens", split = ",", defaultValue = "32,256", paramLabel = "P", description = "prompt lengths (default ${DEFAULT-VALUE})")
    List<Integer> promptTokens;

    @Option(names = "--output-tokens", defaultValue = "32", paramLabel = "O", description = "tokens generated per sequence, >= 8 (default ${DEFAULT-VALUE})")
    int outputTokens;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "R", description = "runs of each point's pair of batches, the median difference counts (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--base", defaultValue = "cpu-placeholder", paramLabel = "NAME|FILE", description = "profile the unmeasured memory and link constants come from (default ${DEFAULT-VALUE})")
    String base;

    @Option(names = "--name", paramLabel = "NAME", description = "the profile's name (default: fitted-<model directory>)")
    String name;

    @Option(names = "--timeout-s", defaultValue = "300", paramLabel = "S", description = "per batch of completions (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "profile JSON to write")
    Path outFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    private final java.io.PrintStream out;
    private final Clock clock;

    ProfileCommand(java.io.PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public Integer call() throws Exception {
        List<SweepPoint> points = new ArrayList<>();
        for (int p : promptTokens) {
            for (int b : batches) {
                points.add(new SweepPoint(b, p, outputTokens));
            }
        }
        if (points.size() < 3) {
            throw new IllegalArgumentException("the fit has 3 constants per stage: give at least 3 sweep points"
                    + " (--batches × --prompt-tokens), got " + points.size());
        }
        ModelDescription description = ModelDescriptions.load(model);
        HardwareProfile baseProfile = HardwareProfiles.load(base);
        String profileName = name != null ? name : "fitted-" + Path.of(model).toAbsolutePath().normalize().getFileName();
        out.printf("profiling %s: %d points against %s and %s%n", description.name(), points.size(), attention, experts);
        ProfileSweep.Samples samples = new ProfileSweep(attention, experts, Duration.ofSeconds(timeoutSeconds), repeats)
                .run(description, points, line -> out.println("  " + line));
        String provenance = String.format(Locale.ROOT, "janus profile at %s against attention %s and experts %s serving"
                        + " %s; batches %s × prompt tokens %s, %d output tokens, median of %d runs; decode windows only",
                clock.instant(), attention, experts, description.name(), batches, promptTokens, outputTokens, repeats);
        FittedProfile.Result r = FittedProfile.fit(profileName, description, samples, baseProfile, provenance);
        if (outFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(outFile.toAbsolutePath().getParent());
        }
        Files.writeString(outFile, HardwareProfiles.toJson(r.profile()));
        out.printf(Locale.ROOT, "attention: overhead %.1f µs, %.3g B/s, %.3g FLOP/s (rms %.1f µs, max relative %.3f)%n",
                r.attention().cost().overheadNanos() / 1e3, rate(r.attention().cost().nanosPerByte()),
                rate(r.attention().cost().nanosPerFlop()), r.attention().rmsErrorNanos() / 1e3, r.attention().maxRelativeError());
        out.printf(Locale.ROOT, "moe:       overhead %.1f µs, %.3g B/s, %.3g FLOP/s (rms %.1f µs, max relative %.3f)%n",
                r.moe().cost().overheadNanos() / 1e3, rate(r.moe().cost().nanosPerByte()), rate(r.moe().cost().nanosPerFlop()),
                r.moe().rmsErrorNanos() / 1e3, r.moe().maxRelativeError());
        out.println("wrote " + outFile + " (scaler-service: --moe.scaler.profile=" + outFile.toAbsolutePath() + ")");
        return 0;
    }

    private static double rate(double nanosPerUnit) {
        return nanosPerUnit > 0 ? 1e9 / nanosPerUnit : 0;
    }
}
