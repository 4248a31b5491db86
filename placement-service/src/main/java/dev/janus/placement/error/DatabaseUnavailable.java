package dev.janus.placement.error;

import dev.janus.service.error.ProblemHandler;
import dev.janus.service.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedRuntimeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The placement database (PostgreSQL in production) cannot be reached: an admin call that needs
 * it answers 503 problem JSON ({@code database_unavailable}, Retry-After) within the pool's
 * connection timeout, instead of a 500 after 30 s. Nothing is half done: a rollout persists the
 * new epoch before it commits it to any attention instance, so a failed write leaves the
 * current epoch in force. Serving does not need this database at all. Ordered before
 * service-support's {@link ProblemHandler}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class DatabaseUnavailable {

    private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(NestedRuntimeException e, HttpServletRequest request) {
        log.warn("{} {}: the placement database is unavailable ({})", request.getMethod(), request.getRequestURI(),
                e.getMostSpecificCause().toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "The placement database is unavailable; nothing was "
                        + "changed. Serving goes on with the current placement. Retry later.", "database_unavailable",
                        request.getRequestURI()));
    }
}
