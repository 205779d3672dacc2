package boutique.quote;

import boutique.kit.web.JsonErrorAdvice;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error of the quote service as {@code {"error": "<what is wrong>"}} with its status. */
@RestControllerAdvice
class QuoteErrors extends JsonErrorAdvice {}
