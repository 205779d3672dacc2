package boutique.email;

import org.springframework.stereotype.Component;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

/**
 * Sends every answer whole, with its Content-Length, before the request ends. After a refused body, Tomcat
 * discards what the client still sends (up to {@code server.tomcat.max-swallow-size}) and then closes the
 * connection; the last chunk of a chunked answer is written only after that, so a client still sending a large
 * body would lose it. Spring's ETag filter holds each answer (a few dozen bytes here) and writes it with its
 * length; it adds an ETag to successful GET answers, and changes nothing else.
 */
@Component
class WholeAnswers extends ShallowEtagHeaderFilter {}
