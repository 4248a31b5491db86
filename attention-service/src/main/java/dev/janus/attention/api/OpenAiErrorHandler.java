package dev.janus.attention.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/** Maps every failure of the /v1 controllers to OpenAI's error JSON with the right status. */
@RestControllerAdvice
class OpenAiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenAiErrorHandler.class);

    private final JsonMapper json;

    OpenAiErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler(OpenAiException.class)
    ResponseEntity<String> openAi(OpenAiException e) {
        return OpenAiErrors.response(json, e);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<String> method(HttpRequestMethodNotSupportedException e) {
        return OpenAiErrors.response(json, new OpenAiException(HttpStatus.METHOD_NOT_ALLOWED, "invalid_request_error",
                e.getMessage(), null, "method_not_allowed"));
    }

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class})
    ResponseEntity<String> mediaType(Exception e) {
        return OpenAiErrors.response(json, new OpenAiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "invalid_request_error",
                e.getMessage(), null, null));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<String> notFound(NoResourceFoundException e) {
        return OpenAiErrors.response(json, new OpenAiException(HttpStatus.NOT_FOUND, "invalid_request_error",
                "Unknown path " + e.getResourcePath(), null, "not_found"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<String> unexpected(Exception e) {
        log.error("unexpected failure in the OpenAI API", e);
        return OpenAiErrors.response(json, new OpenAiException(HttpStatus.INTERNAL_SERVER_ERROR, "server_error",
                "The server had an error while processing your request", null, null));
    }
}
