package dev.janus.scaler.config;

import dev.janus.service.AdminService;
import dev.janus.service.auth.AdminKeySecurity;
import dev.janus.service.error.ProblemResponses;
import dev.janus.service.openapi.AdminOpenApi;
import io.swagger.v3.oas.models.OpenAPI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The clock (tests replace it), the OpenAPI document's description, and what service-support does
 * for an admin service: its two realms ({@link AdminKeySecurity}: /admin/** behind
 * {@code moe.scaler.admin-keys}, /internal/** behind the internal token), RFC 7807 errors
 * ({@link ProblemResponses}) and the snake_case OpenAPI schemas ({@link AdminOpenApi}).
 */
@Configuration(proxyBeanMethods = false)
@Import({AdminKeySecurity.class, ProblemResponses.class, AdminOpenApi.class})
public class ServiceConfiguration {

    @Bean
    AdminService adminService(ScalerProperties props) {
        return new AdminService("scaler-service", "moe.scaler.admin-keys", props.adminKeys());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    OpenAPI scalerOpenApi() {
        return AdminOpenApi.document("Janus scaler-service admin API",
                "SLO-aware sizing of the attention and MoE pools (DESIGN.md §1.5): plans with "
                        + "baselines, live signals, manual or automatic scaling with hysteresis and cooldown.");
    }
}
