package dev.talon.core.web;

import dev.talon.api.AccessControl;
import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.api.web.NavItem;
import dev.talon.core.addons.ContributionRegistry;
import dev.talon.core.settings.Themes;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the {@link Shell} of a page and renders templates into responses. Thread-safe. */
public final class Pages {

    private static final Logger log = LoggerFactory.getLogger(Pages.class);

    private final Templates templates;
    private final ContributionRegistry registry;
    private final AccessControl access;
    private final Themes themes;

    public Pages(Templates templates, ContributionRegistry registry, AccessControl access, Themes themes) {
        this.templates = templates;
        this.registry = registry;
        this.access = access;
        this.themes = themes;
    }

    public Shell shell(Context ctx, String title, Area area) {
        Principal principal = Principal.of(ctx);
        String csrf = principal.session() == null ? "" : principal.session().csrfToken();
        List<Shell.NavLink> nav = new ArrayList<>();
        List<Html> fragments = new ArrayList<>();
        if (principal.signedIn()) {
            var panelUser = principal.user().toPanelUser();
            String path = ctx.path();
            List<NavItem> items = registry.all().stream()
                    .flatMap(c -> c.nav().stream())
                    .filter(item -> item.area() == area && item.enabled().getAsBoolean())
                    .filter(item -> item.permission() == null || access.can(panelUser, item.permission()))
                    .sorted(Comparator.comparingInt(NavItem::order))
                    .toList();
            // Only the most specific match is active: /admin/ai/settings lights "AI Settings", not also "AI Dashboard".
            String current = items.stream().map(NavItem::path).filter(href -> isActive(href, path))
                    .max(Comparator.comparingInt(String::length)).orElse(null);
            items.forEach(item -> nav.add(new Shell.NavLink(item.label(), item.path(), item.icon(), item.path().equals(current))));
            for (var contribution : registry.all()) {
                for (var fragment : contribution.fragments()) {
                    try {
                        fragments.add(fragment.render(panelUser, area, path));
                    } catch (RuntimeException e) {
                        log.warn("Page fragment of {} failed; the page is shown without it", contribution.source(), e);
                    }
                }
            }
        }
        return new Shell(title, area, principal.user(), nav, csrf, themes.current(), Flash.take(ctx), fragments, ctx.path());
    }

    private static boolean isActive(String href, String path) {
        if (href.equals("/") || href.equals("/admin")) {
            return path.equals(href) || path.equals(href + "/");
        }
        return path.equals(href) || path.startsWith(href + "/");
    }

    /** Renders a template whose single parameter is {@code model} as the response. */
    public void render(Context ctx, String template, Object model) {
        ctx.html(templates.render(template, model));
    }

    /** Renders add-on markup inside the panel layout. */
    public void renderHtmlPage(Context ctx, String title, Area area, Html body) {
        ctx.html(templates.render("layout/addon.jte", new AddonPage(shell(ctx, title, area), body)));
    }

    /** The model of {@code layout/addon.jte}. */
    public record AddonPage(Shell shell, Html body) {}
}
