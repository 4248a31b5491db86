package dev.janus.service.openapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of an admin service (springdoc): schemas in snake_case like the wire, and
 * {@link #document} for its description with the two admin-key schemes. The service
 * {@code @Import}s this and declares its {@link OpenAPI} bean with {@link #document}.
 */
@Configuration(proxyBeanMethods = false)
public class AdminOpenApi {

    /** How every admin API is authenticated and answers errors (AdminKeyFilter, ProblemHandler). */
    public static final String ERRORS_AND_AUTH = "Errors are RFC 7807 problem details; every /admin request needs "
            + "Authorization: Bearer <admin key>, or HTTP Basic with the admin key as "
            + "password (any user name; changes then also need X-Requested-With).";

    /**
     * springdoc reads schemas with swagger-core's own (Jackson 2) mapper, which does not see
     * spring.jackson.*: give it the same snake_case naming so the document matches the wire.
     */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
    }

    /**
     * The document's info and security: "admin-key" (Bearer) and "admin-basic" (Basic), either one.
     *
     * @param title the API's title ("Janus placement-service admin API")
     * @param about what the API does, before {@link #ERRORS_AND_AUTH}
     * @param notes sentences after it (a page for people, ...); none is fine
     */
    public static OpenAPI document(String title, String about, String... notes) {
        StringBuilder description = new StringBuilder(about).append(' ').append(ERRORS_AND_AUTH);
        for (String note : notes) {
            description.append(' ').append(note);
        }
        return new OpenAPI()
                .info(new Info().title(title).version("1").description(description.toString()))
                .components(new Components()
                        .addSecuritySchemes("admin-key", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
                        .addSecuritySchemes("admin-basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("admin-key"))
                .addSecurityItem(new SecurityRequirement().addList("admin-basic"));
    }
}
