package boutique.email;

import boutique.kit.web.JsonErrorAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error of the email service as {@code {"error": "<what is wrong>"}} with its status. */
@RestControllerAdvice
class EmailErrors extends JsonErrorAdvice {}
