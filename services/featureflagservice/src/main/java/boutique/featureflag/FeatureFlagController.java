package boutique.featureflag;

import boutique.kit.ShopException;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin UI at {@code /} and {@code /featureflags}: the reference's routes, form fields and messages, plus
 * a one-click toggle per flag. Pages are Thymeleaf templates, which escape every value they print.
 */
@Controller
class FeatureFlagController {

    static final String FLASH = "info";
    static final String CREATED = "Feature flag created successfully.";
    static final String UPDATED = "Feature flag updated successfully.";
    static final String DELETED = "Feature flag deleted successfully.";
    static final String OOPS = "Oops, something went wrong! Please check the errors below.";
    private static final String NAME = "feature_flag[name]";
    private static final String DESCRIPTION = "feature_flag[description]";
    private static final String ENABLED = "feature_flag[enabled]";

    private static final Logger log = LoggerFactory.getLogger(FeatureFlagController.class);

    private final FlagStore store;
    private final FlagDatabase database;

    FeatureFlagController(FlagStore store, FlagDatabase database) {
        this.store = store;
        this.database = database;
    }

    @ModelAttribute
    void common(HttpSession session, Model model) {
        model.addAttribute("csrfToken", CsrfFilter.tokenFor(session));
        model.addAttribute("store", database.description());
    }

    @GetMapping("/")
    String home(Model model) {
        return list("Listing Feature flags", model);
    }

    @GetMapping("/featureflags")
    String index(Model model) {
        return list("Listing feature flags", model);
    }

    @GetMapping("/featureflags/new")
    String newFlag(Model model) {
        return form(FlagForm.empty(), Map.of(), null, model);
    }

    @PostMapping("/featureflags")
    String create(
            @RequestParam(name = NAME, required = false) String name,
            @RequestParam(name = DESCRIPTION, required = false) String description,
            @RequestParam(name = ENABLED, required = false) List<String> enabled,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        FlagForm form = FlagForm.of(name, description, enabled);
        Map<String, String> errors = form.errors();
        if (errors.isEmpty()) {
            try {
                Flag flag = store.create(form.name(), form.description(), form.probability());
                log.info("flag created in the UI: name={} probability={}", flag.name(), flag.probability());
                redirect.addFlashAttribute(FLASH, CREATED);
                return "redirect:/featureflags/" + flag.id();
            } catch (FlagStore.DuplicateFlagException e) {
                errors = Map.of("name", FlagForm.TAKEN);
            }
        }
        return refused(form, errors, null, model, response);
    }

    @GetMapping("/featureflags/{id}")
    String show(@PathVariable String id, Model model) {
        model.addAttribute("flag", find(id));
        return "featureflags/show";
    }

    @GetMapping("/featureflags/{id}/edit")
    String edit(@PathVariable String id, Model model) {
        Flag flag = find(id);
        return form(FlagForm.of(flag), Map.of(), flag.id(), model);
    }

    @RequestMapping(
            path = "/featureflags/{id}",
            method = {RequestMethod.PUT, RequestMethod.PATCH})
    String update(
            @PathVariable String id,
            @RequestParam(name = NAME, required = false) String name,
            @RequestParam(name = DESCRIPTION, required = false) String description,
            @RequestParam(name = ENABLED, required = false) List<String> enabled,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        long flagId = find(id).id();
        FlagForm form = FlagForm.of(name, description, enabled);
        Map<String, String> errors = form.errors();
        if (errors.isEmpty()) {
            try {
                Flag flag = store.update(flagId, form.name(), form.description(), form.probability())
                        .orElseThrow(FlagNotFoundException::new);
                log.info("flag updated in the UI: name={} probability={}", flag.name(), flag.probability());
                redirect.addFlashAttribute(FLASH, UPDATED);
                return "redirect:/featureflags/" + flag.id();
            } catch (FlagStore.DuplicateFlagException e) {
                errors = Map.of("name", FlagForm.TAKEN);
            }
        }
        return refused(form, errors, flagId, model, response);
    }

    @PostMapping("/featureflags/{id}/toggle")
    String toggle(@PathVariable String id, RedirectAttributes redirect) {
        Flag flag = store.toggle(parseId(id)).orElseThrow(FlagNotFoundException::new);
        log.info("flag toggled in the UI: name={} probability={}", flag.name(), flag.probability());
        redirect.addFlashAttribute(FLASH, "Feature flag " + flag.name() + " is now " + (flag.isOn() ? "on." : "off."));
        return "redirect:/featureflags";
    }

    @DeleteMapping("/featureflags/{id}")
    String delete(@PathVariable String id, RedirectAttributes redirect) {
        if (!store.deleteById(parseId(id))) {
            throw new FlagNotFoundException();
        }
        log.info("flag deleted in the UI: id={}", id);
        redirect.addFlashAttribute(FLASH, DELETED);
        return "redirect:/featureflags";
    }

    @ExceptionHandler(FlagNotFoundException.class)
    String notFound(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        return "error/404";
    }

    @ExceptionHandler(ShopException.class)
    String storeFailure(ShopException e, HttpServletResponse response, Model model) {
        response.setStatus(
                switch (e.code()) {
                    case UNAVAILABLE -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
                    case INVALID_ARGUMENT -> HttpServletResponse.SC_BAD_REQUEST;
                    default -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
                });
        model.addAttribute("message", e.getMessage());
        return "error/unavailable";
    }

    private String list(String heading, Model model) {
        model.addAttribute("heading", heading);
        model.addAttribute("flags", store.all());
        return "featureflags/index";
    }

    /** The form again with what is wrong, as 422: the submission was understood but not accepted. */
    private String refused(
            FlagForm form, Map<String, String> errors, Long id, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        model.addAttribute("message", OOPS);
        return form(form, errors, id, model);
    }

    private String form(FlagForm form, Map<String, String> errors, Long id, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("flagId", id);
        return id == null ? "featureflags/new" : "featureflags/edit";
    }

    private Flag find(String id) {
        return store.byId(parseId(id)).orElseThrow(FlagNotFoundException::new);
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new FlagNotFoundException();
        }
    }

    /** No flag with that id: the reference's 404 page. */
    static final class FlagNotFoundException extends RuntimeException {

        FlagNotFoundException() {
            super("Not Found", null, false, false);
        }
    }
}
