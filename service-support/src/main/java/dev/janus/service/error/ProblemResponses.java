package dev.janus.service.error;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * RFC 7807 problems for every error of an admin service: {@link ProblemHandler} (inside MVC) and
 * {@link ProblemErrorController} (Boot's error path). The service declares an
 * {@link dev.janus.service.AdminService} bean (its name, in the 500s) and {@code @Import}s this.
 */
@Configuration(proxyBeanMethods = false)
@Import({ProblemHandler.class, ProblemErrorController.class})
public class ProblemResponses {
}
