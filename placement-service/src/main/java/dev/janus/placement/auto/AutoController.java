package dev.janus.placement.auto;

import dev.janus.comm.placement.policy.PlacementPolicy;
import dev.janus.service.error.AdminException;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET|PUT /admin/placement/auto}: the automatic re-planning settings and what its last check did. */
@RestController
@RequestMapping("/admin/placement/auto")
class AutoController {

    /** The settings plus the last check. */
    record AutoView(boolean enabled, double threshold, Duration interval, String policy, Integer redundantSlots,
                    AutoReplanner.Status status) {

        static AutoView of(AutoSettings s, AutoReplanner.Status status) {
            return new AutoView(s.enabled(), s.threshold(), s.interval(), s.policy(), s.redundantSlots(), status);
        }
    }

    private final AutoSettingsStore store;
    private final AutoReplanner replanner;

    AutoController(AutoSettingsStore store, AutoReplanner replanner) {
        this.store = store;
        this.replanner = replanner;
    }

    @GetMapping
    AutoView get() {
        return AutoView.of(store.load(), replanner.status());
    }

    @PutMapping
    AutoView put(@Valid @RequestBody AutoSettings settings) {
        if (!PlacementPolicy.isKnown(settings.policy())) {
            throw AdminException.badRequest("Unknown policy '" + settings.policy() + "'; known: "
                    + String.join(", ", PlacementPolicy.names()) + ".");
        }
        AutoSettings s = new AutoSettings(settings.enabled(), settings.threshold(), settings.interval(),
                settings.policy().strip().toLowerCase(Locale.ROOT), settings.redundantSlots());
        store.save(s);
        return AutoView.of(s, replanner.status());
    }
}
