package dev.janus.scaler.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock (tests replace it) and the OpenAPI document's description. */
@Configuration(proxyBeanMethods = false)
public class ServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * springdoc reads schemas with swagger-core's own (Jackson 2) mapper, which does not see
     * spring.jackson.*: give it the same snake_case naming so the document matches the wire.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    @Bean
    OpenAPI scalerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Janus scaler-service admin API").version("1")
                        .description("SLO-aware sizing of the attention and MoE pools (DESIGN.md §1.5): plans with "
                                + "baselines, live signals, manual or automatic scaling with hysteresis and cooldown. "
                                + "Errors are RFC 7807 problem details; every /admin request needs "
                                + "Authorization: Bearer <admin key>, or HTTP Basic with the admin key as password "
                                + "(changes then also need X-Requested-With)."))
                .components(new Components()
                        .addSecuritySchemes("admin-key", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSecuritySchemes("admin-basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("admin-key"))
                .addSecurityItem(new SecurityRequirement().addList("admin-basic"));
    }
}
