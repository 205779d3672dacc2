package boutique.kit.web;

import boutique.kit.ShopException;
import boutique.kit.web.RequestBodies.PayloadTooLargeException;
import io.grpc.Status;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON error answers of an HTTP service: every error as {@code {"error": "<what is wrong>"}} with its
 * status, the client's mistakes as 4xx, the framework's own (unknown path, wrong method) too, and anything
 * unexpected as a generic 500 logged here. A service opts in with a {@code @RestControllerAdvice} subclass;
 * pages that answer errors in HTML keep their own handling.
 */
public abstract class JsonErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorAdvice.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ExceptionHandler(BadRequestException.class)
    public ResponseEntity<byte[]> badRequest(BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A rule of the kit broken by the request, such as {@code invalid money: ...} from Money. */
    @ExceptionHandler(ShopException.class)
    public ResponseEntity<byte[]> invalid(ShopException e, HttpServletRequest request) {
        if (e.code() == Status.Code.INVALID_ARGUMENT) {
            return error(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return other(e, request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    public ResponseEntity<byte[]> tooLarge(PayloadTooLargeException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<byte[]> notFound(HttpServletRequest request) {
        return error(HttpStatus.NOT_FOUND, "no such route: " + request.getMethod() + " " + request.getRequestURI());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<byte[]> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .headers(e.getHeaders())
                .contentType(MediaType.APPLICATION_JSON)
                .body(json("method " + e.getMethod() + " is not allowed on " + request.getRequestURI()));
    }

    /** Other errors the framework raises for a request keep their status; anything else is a generic 500. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<byte[]> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse framework && framework.getStatusCode().is4xxClientError()) {
            String detail = framework.getBody().getDetail();
            return error(framework.getStatusCode(), detail == null ? "bad request" : detail);
        }
        log.error("unexpected failure in {} {}", request.getMethod(), request.getRequestURI(), e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /**
     * A body that stopped arriving (Tomcat's read timeout) or a client that went away: 408, logged at DEBUG,
     * since a slow or vanished client is not the service's failure.
     */
    @ExceptionHandler(IOException.class)
    public ResponseEntity<byte[]> interrupted(IOException e, HttpServletRequest request) {
        log.debug(
                "{} {}: the request body did not arrive: {}",
                request.getMethod(),
                request.getRequestURI(),
                e.toString());
        return error(HttpStatus.REQUEST_TIMEOUT, "the request body did not arrive in time");
    }

    /**
     * The error as JSON with its Content-Length: after refusing a large body, Tomcat discards what the client
     * still sends and closes the connection, and an answer without a length (chunked) would lose its end.
     */
    private static ResponseEntity<byte[]> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(json(message));
    }

    private static byte[] json(String message) {
        return JSON.writeValueAsBytes(Map.of("error", message));
    }
}
