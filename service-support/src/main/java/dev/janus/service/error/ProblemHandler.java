package dev.janus.service.error;

import dev.janus.service.AdminService;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of an admin service's REST API as RFC 7807 problem JSON: our {@link AdminException}s
 * and — through {@link ResponseEntityExceptionHandler} — Spring MVC's own (404 unknown path, 405,
 * 415, malformed JSON, missing or mistyped parameters, bean validation). Each problem carries
 * {@code instance} (the request path) and a {@code code}. Unexpected failures are logged and
 * answered with a generic 500 naming the service ({@link AdminService#name()}): no stack trace
 * reaches a client. Errors outside MVC land on {@link ProblemErrorController}.
 *
 * <p>Last of the controller advices ({@link Order} lowest): a service maps its own domain
 * exceptions in an advice of its own, ordered before this one, which would otherwise take them
 * as unexpected (placement-service: PlacementConstraintException, 409 {@code placement_conflict}).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final AdminService service;

    public ProblemHandler(AdminService service) {
        this.service = service;
    }

    @ExceptionHandler(AdminException.class)
    ResponseEntity<ProblemDetail> admin(AdminException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(e.status(), e.getMessage(), e.code(), request.getRequestURI());
        e.properties().forEach(problem::setProperty);
        return ResponseEntity.status(e.status()).body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                Problems.failed(service.name()), "internal_error",
                request.getRequestURI()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", Problems.snake(f.getField()),
                        "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        ProblemDetail problem = ex.getBody();
        problem.setDetail("Invalid request body: " + errors.stream()
                .map(m -> m.get("field") + " " + m.get("message")).reduce((a, b) -> a + "; " + b).orElse("?") + ".");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
                "The request body is missing or is not valid JSON of the expected shape.");
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** Every MVC problem (body resolved by now, ours or Spring's) gets {@code instance} and {@code code}. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servlet) {
            if (problem.getInstance() == null) {
                problem.setInstance(URI.create(servlet.getRequest().getRequestURI()));
            }
            if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
                problem.setProperty("code", Problems.code(statusCode.value()));
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
