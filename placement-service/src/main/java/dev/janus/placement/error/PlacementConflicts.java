package dev.janus.placement.error;

import dev.janus.comm.placement.policy.PlacementConstraintException;
import dev.janus.service.error.ProblemHandler;
import dev.janus.service.error.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * placement-service's one domain exception of the admin API: {@link PlacementConstraintException}
 * as a 409 problem ({@code placement_conflict}). Ordered before service-support's
 * {@link ProblemHandler}, which answers every other error (and would take this one as a 500).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class PlacementConflicts {

    @ExceptionHandler(PlacementConstraintException.class)
    ResponseEntity<ProblemDetail> constraint(PlacementConstraintException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(Problems.of(HttpStatus.CONFLICT, e.getMessage(), "placement_conflict", request.getRequestURI()));
    }
}
