package dev.talon.api.web;

import java.util.Map;

/**
 * Renders an add-on's precompiled jte templates (content type HTML, so data is escaped).
 * Thread-safe.
 */
public interface TemplateRenderer {

    /** Renders a template that declares a single {@code @param}. */
    Html render(String template, Object model);

    /** Renders a template with named parameters. */
    Html render(String template, Map<String, Object> params);
}
