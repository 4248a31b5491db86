package dev.janus.expert.experts;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * UP once this instance's experts of at least one placement epoch are mapped, DOWN after they are unmapped. Part of the readiness
 * group (application.yml), so a load balancer or attention instance sends nothing before.
 */
@Component("experts")
public class ExpertsHealthIndicator implements HealthIndicator {

    private final HostedExperts experts;

    public ExpertsHealthIndicator(HostedExperts experts) {
        this.experts = experts;
    }

    @Override
    public Health health() {
        Health.Builder health = experts.isLoaded() ? Health.up() : Health.down();
        return health.withDetail("instance", experts.instance())
                .withDetail("placementEpochs", experts.versions())
                .withDetail("physicalExperts", experts.hostedPhysicalExperts())
                .build();
    }
}
