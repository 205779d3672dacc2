package boutique.frontend.web;

import boutique.frontend.web.Json.ErrorJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the frontend answers an error: under {@code /api} the status with {@code {"error": "..."}}, on pages the
 * error page with a headline a shopper understands, the reason and a way back.
 */
@Component
class ErrorReplies {

    private final JsonMapper json;
    private final ViewResolver views;

    ErrorReplies(JsonMapper json, @Qualifier("thymeleafViewResolver") ViewResolver views) {
        this.json = json;
        this.views = views;
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.equals("/api") || path.startsWith("/api/");
    }

    /**
     * The answer for a handler to return: for the API it is written here (so no view follows and this returns
     * null), for a page it is the error view.
     */
    ModelAndView reply(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws Exception {
        if (isApi(request)) {
            writeJson(response, status, message);
            return null;
        }
        return new ModelAndView("error", model(status, message), status);
    }

    /** Writes the whole answer, for a filter that answers before any handler runs. */
    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws Exception {
        if (isApi(request)) {
            writeJson(response, status, message);
            return;
        }
        View page = views.resolveViewName("error", Locale.US);
        response.setStatus(status.value());
        if (page == null) {
            writeJson(response, status, message);
            return;
        }
        page.render(model(status, message), request, response);
    }

    private void writeJson(HttpServletResponse response, HttpStatus status, String message) throws Exception {
        response.setStatus(status.value());
        response.setContentType("application/json;charset=UTF-8");
        json.writeValue(response.getOutputStream(), new ErrorJson(message));
    }

    private static Map<String, Object> model(HttpStatus status, String message) {
        return Map.of("status", status.value(), "title", title(status), "reason", message);
    }

    /** The headline of the error page, in words a shopper understands. */
    static String title(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "We could not find that page";
            case BAD_REQUEST, UNPROCESSABLE_CONTENT -> "That did not work";
            case CONTENT_TOO_LARGE -> "That was more than this page can take";
            case REQUEST_TIMEOUT -> "That took too long to arrive";
            case SERVICE_UNAVAILABLE -> "Part of the shop is not answering right now";
            case METHOD_NOT_ALLOWED -> "That is not something this page can do";
            default -> "Something went wrong on our side";
        };
    }
}
