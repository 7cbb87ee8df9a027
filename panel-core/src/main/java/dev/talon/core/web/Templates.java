package dev.talon.core.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import gg.jte.resolve.DirectoryCodeResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The core's jte templates. In production they are classes compiled by the Maven build; in
 * development mode ({@code PANEL_DEV=true}, run from the repository) they are compiled from
 * {@code panel-core/src/main/jte} on change, so edits show on reload. Thread-safe.
 */
public final class Templates {

    public static final String PACKAGE = "dev.talon.core.jte";

    private final TemplateEngine engine;

    private Templates(TemplateEngine engine) {
        this.engine = engine;
    }

    public static Templates create(boolean developmentMode) {
        Path sources = Path.of("panel-core/src/main/jte");
        if (developmentMode && Files.isDirectory(sources)) {
            var engine = TemplateEngine.create(new DirectoryCodeResolver(sources), Path.of("panel-core/target/jte-dev"),
                    ContentType.Html, Templates.class.getClassLoader(), PACKAGE);
            return new Templates(engine);
        }
        return new Templates(TemplateEngine.createPrecompiled(null, ContentType.Html, Templates.class.getClassLoader(), PACKAGE));
    }

    public String render(String template, Object model) {
        var output = new StringOutput();
        engine.render(template, model, output);
        return output.toString();
    }

    public String render(String template, Map<String, Object> params) {
        var output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }
}
