package boutique.kit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * A bean that exists only in the class-data training run: the start the launcher and the images record an
 * archive from, with {@code -Dspring.context.exit=onRefresh}, which ends before any lifecycle bean (a server, the
 * flag service's database) starts. Such a bean loads, without side effects, classes a real start would load
 * later, so that they go into the archive. Mark it {@code @Lazy(false)} too, or a lazily initialised service
 * never makes it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ConditionalOnProperty(name = "spring.context.exit", havingValue = "onRefresh")
public @interface OnlyInClassDataTraining {}
