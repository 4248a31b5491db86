package dev.janus.service.error;

import dev.janus.service.AdminService;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's BasicErrorController: errors that never reached a controller advice (thrown in
 * a filter, {@code sendError} from the container) are RFC 7807 problems too, without Boot's
 * default body and without a stack trace.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    private final AdminService service;

    public ProblemErrorController(AdminService service) {
        this.service = service;
    }

    @RequestMapping(path = "${server.error.path:${error.path:/error}}", produces = {})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus known = HttpStatus.resolve(status);
        String detail = status >= 500 ? Problems.failed(service.name())
                : known == null ? "HTTP " + status : known.getReasonPhrase() + ".";
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatusCode.valueOf(status), detail, Problems.code(status),
                        path == null ? null : path.toString()));
    }
}
