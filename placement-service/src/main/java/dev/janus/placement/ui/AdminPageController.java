package dev.janus.placement.ui;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The placement page for people: {@code /admin/placement/ui} (static HTML, JS and CSS from
 * {@code classpath:/admin-ui/}, assets under {@code /admin/placement/ui/}, see
 * {@link AdminPageResources}). It sits under /admin, so the admin key guards it like the API; a
 * browser gets there through the filter's Basic challenge (its login dialog) and then sends the
 * same credentials with the page's requests. It is not in the OpenAPI document.
 *
 * <p>The page's Content-Security-Policy allows nothing but this origin and forbids framing
 * ({@code frame-ancestors 'none'}: no other site can overlay the apply button).
 */
@Hidden
@RestController
class AdminPageController {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final Resource page = new ClassPathResource("admin-ui/index.html");

    @GetMapping({"/admin/placement/ui", "/admin/placement/ui/"})
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .body(page);
    }
}
