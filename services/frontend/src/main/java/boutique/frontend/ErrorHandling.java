package boutique.frontend;

import boutique.frontend.Json.ErrorJson;
import boutique.kit.ShopException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure into an answer a person or a client can use, never a stack trace: under {@code /api} the
 * status of decisions.md row 19 with {@code {"error": "..."}}; on pages a friendly error page with the reason
 * and a way back. Errors of the framework (bad JSON, unknown path, wrong method) get the same treatment.
 */
@ControllerAdvice
class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    private final JsonMapper json;

    ErrorHandling(JsonMapper json) {
        this.json = json;
    }

    /** The HTTP status for a backend's gRPC status (decisions.md row 19). */
    static HttpStatus httpStatus(Status.Code code) {
        return switch (code) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_ARGUMENT -> HttpStatus.BAD_REQUEST;
            case FAILED_PRECONDITION -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.INTERNAL_SERVER_ERROR;
        };
    }

    @ExceptionHandler(StatusRuntimeException.class)
    ModelAndView backendFailed(StatusRuntimeException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Status status = e.getStatus();
        String message = status.getDescription() != null
                ? status.getDescription()
                : status.getCode().toString();
        log.warn(
                "{} {} failed: a backend answered {} {}",
                request.getMethod(),
                request.getRequestURI(),
                status.getCode(),
                message);
        return reply(request, response, httpStatus(status.getCode()), message);
    }

    @ExceptionHandler(ShopException.class)
    ModelAndView shopFailed(ShopException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        log.warn("{} {} failed: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return reply(request, response, httpStatus(e.code()), e.getMessage());
    }

    @ExceptionHandler(BadInput.class)
    ModelAndView badInput(BadInput e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return reply(request, response, HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ModelAndView notFound(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return reply(request, response, HttpStatus.NOT_FOUND, "there is nothing at " + request.getRequestURI());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ModelAndView wrongMethod(
            HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (e.getSupportedHttpMethods() != null) {
            response.setHeader(
                    HttpHeaders.ALLOW,
                    String.join(
                            ", ",
                            e.getSupportedHttpMethods().stream()
                                    .map(Object::toString)
                                    .toList()));
        }
        return reply(
                request,
                response,
                HttpStatus.METHOD_NOT_ALLOWED,
                e.getMethod() + " is not allowed on " + request.getRequestURI());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ModelAndView unreadable(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return reply(request, response, HttpStatus.BAD_REQUEST, "the request body is missing or not valid JSON");
    }

    @ExceptionHandler({ServletRequestBindingException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView badParameter(Exception e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return reply(request, response, HttpStatus.BAD_REQUEST, "a request parameter is missing or not valid");
    }

    /** Tomcat's limit of 1,000 parameters, e.g. 10,000 repeated {@code productIds}. */
    @ExceptionHandler(InvalidParameterException.class)
    ModelAndView tooManyParameters(
            InvalidParameterException e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        return reply(request, response, HttpStatus.BAD_REQUEST, "too many request parameters");
    }

    @ExceptionHandler(HttpMediaTypeException.class)
    ModelAndView mediaType(HttpMediaTypeException e, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        return reply(request, response, HttpStatus.valueOf(e.getStatusCode().value()), e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        log.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
        return reply(request, response, HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }

    /** JSON for the API (the answer is written here, so no view follows), the error page for everything else. */
    private ModelAndView reply(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        String path = request.getRequestURI();
        if (path.equals("/api") || path.startsWith("/api/")) {
            response.setStatus(status.value());
            response.setContentType("application/json;charset=UTF-8");
            json.writeValue(response.getOutputStream(), new ErrorJson(message));
            return null;
        }
        return new ModelAndView(
                "error", Map.of("status", status.value(), "title", title(status), "reason", message), status);
    }

    /** The headline of the error page, in words a shopper understands. */
    static String title(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "We could not find that page";
            case BAD_REQUEST, UNPROCESSABLE_CONTENT -> "That did not work";
            case SERVICE_UNAVAILABLE -> "Part of the shop is not answering right now";
            case METHOD_NOT_ALLOWED -> "That is not something this page can do";
            default -> "Something went wrong on our side";
        };
    }
}
