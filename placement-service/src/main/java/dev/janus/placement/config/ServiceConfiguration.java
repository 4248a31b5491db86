package dev.janus.placement.config;

import dev.janus.service.AdminService;
import dev.janus.service.auth.AdminKeySecurity;
import dev.janus.service.error.ProblemResponses;
import dev.janus.service.openapi.AdminOpenApi;
import io.swagger.v3.oas.models.OpenAPI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The clock (tests replace it), scheduling, the OpenAPI document's description, and what
 * service-support does for an admin service: its two realms ({@link AdminKeySecurity}: /admin/**
 * behind {@code moe.placement-service.admin-keys}, /internal/** behind the internal token, which
 * also signs placement-service's own calls to the services, ControlHttp), RFC 7807 errors
 * ({@link ProblemResponses}; PlacementConstraintException is error/PlacementConflicts') and the
 * snake_case OpenAPI schemas ({@link AdminOpenApi}).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@Import({AdminKeySecurity.class, ProblemResponses.class, AdminOpenApi.class})
public class ServiceConfiguration {

    @Bean
    AdminService adminService(PlacementServiceProperties props) {
        return new AdminService("placement-service", "moe.placement-service.admin-keys", props.adminKeys());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OpenAPI placementOpenApi() {
        return AdminOpenApi.document("Janus placement-service admin API",
                "Expert statistics, placement plans and live epoch rollouts "
                        + "(prepare on expert-services, commit on attention-services, release).",
                "A page for people: /admin/placement/ui.");
    }
}
