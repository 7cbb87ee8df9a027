package dev.talon.ai.web;

import dev.talon.api.web.Html;
import dev.talon.api.web.Request;
import dev.talon.api.web.TemplateRenderer;

/** Renders the add-on's templates inside the panel layout. Thread-safe. */
public final class AiPages {

    private final TemplateRenderer templates;

    public AiPages(TemplateRenderer templates) {
        this.templates = templates;
    }

    public void render(Request request, String title, String template, Object model) {
        request.renderPage(title, templates.render(template, model));
    }

    public Html fragment(String template, Object model) {
        return templates.render(template, model);
    }

    public void fragment(Request request, String template, Object model) {
        request.ctx().html(templates.render(template, model).value());
    }
}
