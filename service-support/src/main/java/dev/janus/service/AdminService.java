package dev.janus.service;

import java.util.List;
import java.util.Objects;

/**
 * What an admin service tells the shared support about itself: its name (in the problems it
 * answers: "placement-service failed to handle the request; see its log."), the property its
 * admin keys come from (named in the refusals and the log when none is configured) and the keys
 * it bound there. Each admin service declares one as a bean from its own properties class:
 * {@code new AdminService("scaler-service", "moe.scaler.admin-keys", props.adminKeys())}.
 *
 * @param name              the service, as people know it ("placement-service")
 * @param adminKeysProperty where its admin keys are configured ("moe.placement-service.admin-keys")
 * @param adminKeys         the keys bound there; empty = every admin request is refused (fail closed)
 */
public record AdminService(String name, String adminKeysProperty, List<String> adminKeys) {

    public AdminService {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(adminKeysProperty, "adminKeysProperty");
        adminKeys = adminKeys == null ? List.of() : List.copyOf(adminKeys);
    }
}
