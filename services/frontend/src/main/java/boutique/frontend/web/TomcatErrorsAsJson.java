package boutique.frontend.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer to a request it refuses before the application sees it (a request line or headers longer
 * than {@code server.max-http-request-header-size}, or not valid HTTP): {@code {"error": "..."}}, as every other
 * error of the frontend, instead of Tomcat's HTML page. It replaces Tomcat's error report valve on the host.
 */
final class TomcatErrorsAsJson extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String message = status == 400
                ? "the request could not be read: its line or headers are too long, or it is not valid HTTP"
                : "the request could not be answered (HTTP " + status + ")";
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":\"" + message + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone; there is no one to answer.
        }
    }
}
