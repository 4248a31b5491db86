package dev.janus.service.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import org.junit.jupiter.api.Test;

class AdminOpenApiTest {

    @Test
    void describesTheApiThenErrorsAndAuthThenNotes() {
        OpenAPI doc = AdminOpenApi.document("T", "Does things.", "A page: /p.");
        assertThat(doc.getInfo().getTitle()).isEqualTo("T");
        assertThat(doc.getInfo().getDescription())
                .isEqualTo("Does things. " + AdminOpenApi.ERRORS_AND_AUTH + " A page: /p.");
        assertThat(AdminOpenApi.document("T", "Does things.").getInfo().getDescription())
                .isEqualTo("Does things. " + AdminOpenApi.ERRORS_AND_AUTH);
        assertThat(doc.getComponents().getSecuritySchemes()).containsOnlyKeys("admin-key", "admin-basic");
        assertThat(doc.getSecurity()).hasSize(2);
    }
}
