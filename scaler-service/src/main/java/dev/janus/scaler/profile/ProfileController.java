package dev.janus.scaler.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.janus.comm.scaling.HardwareProfiles;
import dev.janus.comm.scaling.profile.FittedProfile;
import dev.janus.comm.scaling.profile.ProfileSweep;
import dev.janus.comm.scaling.profile.SweepPoint;
import dev.janus.scaler.config.ScalerProperties;
import dev.janus.scaler.plan.PlanService;
import dev.janus.service.error.AdminException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/scaler/profile}: what {@code ./janus profile} does, from the scaler — a sweep
 * against the running attention and expert services (comm-lib ProfileSweep), the fitted profile
 * stored under {@code moe.scaler.profile-dir} with its fit error and provenance and, with
 * {@code "use": true}, planned with from then on. Takes as long as the sweep (minutes on a real
 * model); the services should carry no other traffic meanwhile. One sweep at a time (409 otherwise).
 */
@RestController
@RequestMapping("/admin/scaler")
public class ProfileController {

    private static final Logger log = LoggerFactory.getLogger(ProfileController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PlanService planner;
    private final ScalerProperties props;
    private final Clock clock;
    private final java.util.concurrent.Semaphore one = new java.util.concurrent.Semaphore(1);

    public ProfileController(PlanService planner, ScalerProperties props, Clock clock) {
        this.planner = planner;
        this.props = props;
        this.clock = clock;
    }

    @Operation(summary = "Fit a hardware profile to the running attention and expert services (a sweep of real "
            + "completions); store it and optionally plan with it")
    @PostMapping(path = "/profile", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> profile(@Valid @RequestBody ProfileRequest request) {
        if (!one.tryAcquire()) {
            throw AdminException.conflict("profile_running", "A profile sweep is running already");
        }
        try {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(sweep(request).toString());
        } finally {
            one.release();
        }
    }

    private ObjectNode sweep(ProfileRequest request) {
        URI attention = request.attention() != null ? request.attention() : firstAttention();
        List<SweepPoint> points = new ArrayList<>();
        try {
            for (int p : request.promptTokensOrDefault()) {
                for (int b : request.batchesOrDefault()) {
                    points.add(new SweepPoint(b, p, request.outputTokensOrDefault()));
                }
            }
        } catch (IllegalArgumentException e) {
            throw AdminException.badRequest(e.getMessage());
        }
        if (points.size() < 3) {
            throw AdminException.badRequest("the fit has 3 constants per stage: give at least 3 sweep points"
                    + " (batches × prompt_tokens), got " + points.size());
        }
        String provenance = String.format(Locale.ROOT, "POST /admin/scaler/profile at %s against attention %s and"
                        + " experts %s serving %s; batches %s × prompt tokens %s, %d output tokens, median of %d runs;"
                        + " decode windows only", clock.instant(), attention, request.experts(), planner.model().name(),
                request.batchesOrDefault(), request.promptTokensOrDefault(), request.outputTokensOrDefault(),
                request.repeatsOrDefault());
        FittedProfile.Result fitted;
        try {
            ProfileSweep.Samples samples = new ProfileSweep(attention, request.experts(), Duration.ofMinutes(5),
                    request.repeatsOrDefault()).run(planner.model(), points, line -> log.info("profile: {}", line));
            fitted = FittedProfile.fit("fitted-" + planner.model().name(), planner.model(), samples,
                    HardwareProfiles.builtIn("cpu-placeholder"), provenance);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(HttpStatus.SERVICE_UNAVAILABLE, "profile_interrupted", "The sweep was interrupted");
        } catch (Exception e) {
            log.warn("profile sweep failed", e);
            throw new AdminException(HttpStatus.BAD_GATEWAY, "profile_failed", "The profile sweep failed: " + e.getMessage())
                    .with("attention", attention.toString());
        }
        Path file = store(fitted);
        if (request.useIt()) {
            planner.use(fitted.profile(), file.toString());
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("file", file.toString());
        answer.put("in_use", request.useIt());
        answer.put("profile_in_use", planner.profileName());
        try {
            answer.set("profile", JSON.readTree(HardwareProfiles.toJson(fitted.profile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer;
    }

    private URI firstAttention() {
        List<URI> uris = props.signals().attention().uris();
        if (uris.isEmpty()) {
            throw AdminException.badRequest("no attention in the request and no moe.scaler.signals.attention.uris");
        }
        return uris.getFirst();
    }

    private Path store(FittedProfile.Result fitted) {
        try {
            Path dir = Path.of(props.profileDir());
            Files.createDirectories(dir);
            Path file = dir.resolve(fitted.profile().name() + "-" + clock.millis() + ".json");
            Files.writeString(file, HardwareProfiles.toJson(fitted.profile()));
            return file;
        } catch (IOException e) {
            throw new AdminException(HttpStatus.INTERNAL_SERVER_ERROR, "profile_not_stored",
                    "The fitted profile could not be written to " + props.profileDir() + ": " + e.getMessage());
        }
    }
}
