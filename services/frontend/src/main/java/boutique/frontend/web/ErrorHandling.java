package boutique.frontend.web;

import boutique.kit.ShopException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

/**
 * Turns every failure into an answer a person or a client can use, never a stack trace: under {@code /api} a
 * status with {@code {"error": "..."}}, on pages a friendly error page with the reason and a way back (see
 * {@link ErrorReplies}). Errors of the framework (bad JSON, unknown path, wrong method) get the same treatment.
 * A backend that is down or late is logged at WARN; a client's mistake only at DEBUG.
 */
@ControllerAdvice
class ErrorHandling {

    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);

    private final ErrorReplies replies;

    ErrorHandling(ErrorReplies replies) {
        this.replies = replies;
    }

    /**
     * The HTTP status for a backend's gRPC status: a refused input is the client's mistake (4xx), a backend that
     * is down or late is 503, anything else a failure of the shop (500).
     */
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
            throws Exception {
        Status status = e.getStatus();
        String message = status.getDescription() != null
                ? status.getDescription()
                : status.getCode().toString();
        HttpStatus answer = httpStatus(status.getCode());
        if (answer.is5xxServerError()) {
            log.warn(
                    "{} {} failed: a backend answered {} {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status.getCode(),
                    message);
        } else {
            log.debug(
                    "{} {} refused by a backend: {} {}", request.getMethod(), request.getRequestURI(), status, message);
        }
        return replies.reply(request, response, answer, message);
    }

    @ExceptionHandler(ShopException.class)
    ModelAndView shopFailed(ShopException e, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        log.debug("{} {} refused: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return replies.reply(request, response, httpStatus(e.code()), e.getMessage());
    }

    @ExceptionHandler(BadInput.class)
    ModelAndView badInput(BadInput e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        return replies.reply(request, response, HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ModelAndView notFound(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        return replies.reply(request, response, HttpStatus.NOT_FOUND, "there is nothing at " + request.getRequestURI());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ModelAndView wrongMethod(
            HttpRequestMethodNotSupportedException e, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        if (e.getSupportedHttpMethods() != null) {
            response.setHeader(
                    HttpHeaders.ALLOW,
                    String.join(
                            ", ",
                            e.getSupportedHttpMethods().stream()
                                    .map(Object::toString)
                                    .toList()));
        }
        return replies.reply(
                request,
                response,
                HttpStatus.METHOD_NOT_ALLOWED,
                e.getMethod() + " is not allowed on " + request.getRequestURI());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ModelAndView unreadable(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        return replies.reply(
                request, response, HttpStatus.BAD_REQUEST, "the request body is missing or not valid JSON");
    }

    @ExceptionHandler({ServletRequestBindingException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView badParameter(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        return replies.reply(request, response, HttpStatus.BAD_REQUEST, "a request parameter is missing or not valid");
    }

    /** Tomcat's limit of 1,000 parameters, e.g. 10,000 repeated {@code productIds}. */
    @ExceptionHandler(InvalidParameterException.class)
    ModelAndView tooManyParameters(
            InvalidParameterException e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        return replies.reply(request, response, HttpStatus.BAD_REQUEST, "too many request parameters");
    }

    @ExceptionHandler(HttpMediaTypeException.class)
    ModelAndView mediaType(HttpMediaTypeException e, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        return replies.reply(
                request, response, HttpStatus.valueOf(e.getStatusCode().value()), e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        log.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
        return replies.reply(request, response, HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
    }
}
