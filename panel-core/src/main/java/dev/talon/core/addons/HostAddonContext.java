package dev.talon.core.addons;

import dev.talon.api.AccessControl;
import dev.talon.api.ActivityLog;
import dev.talon.api.AddonContext;
import dev.talon.api.DatabaseKind;
import dev.talon.api.SettingsStore;
import dev.talon.api.events.EventBus;
import dev.talon.api.web.Html;
import dev.talon.api.web.TemplateRenderer;
import dev.talon.core.settings.SettingsRepository;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;

/** The {@link AddonContext} of one started add-on. */
final class HostAddonContext implements AddonContext {

    private final String addonId;
    private final Path addonDirectory;
    private final ClassLoader classLoader;
    private final AddonServices services;
    private final SettingsStore settings;
    private final Map<String, TemplateRenderer> renderers = new ConcurrentHashMap<>();

    HostAddonContext(String addonId, Path addonDirectory, ClassLoader classLoader, AddonServices services) {
        this.addonId = addonId;
        this.addonDirectory = addonDirectory;
        this.classLoader = classLoader;
        this.services = services;
        this.settings = new SettingsRepository(services.database().jdbi(), "addon:" + addonId, services.clock());
    }

    @Override
    public String addonId() {
        return addonId;
    }

    @Override
    public Path addonDirectory() {
        return addonDirectory;
    }

    @Override
    public Path dataDirectory() {
        Path dir = services.dataDir().resolve("addons").resolve(addonId);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Jdbi jdbi() {
        return services.database().jdbi();
    }

    @Override
    public DatabaseKind databaseKind() {
        return services.database().kind();
    }

    @Override
    public dev.talon.api.UserDirectory users() {
        return services.users();
    }

    @Override
    public dev.talon.api.servers.ServerDirectory servers() {
        return services.servers();
    }

    @Override
    public dev.talon.api.servers.ServerActions serverActions() {
        return services.serverActions();
    }

    @Override
    public java.util.Map<String, String> environment() {
        return services.environment();
    }

    @Override
    public AccessControl access() {
        return services.access();
    }

    @Override
    public ActivityLog activity() {
        return services.activity();
    }

    @Override
    public SettingsStore settings() {
        return settings;
    }

    @Override
    public EventBus events() {
        return services.events();
    }

    @Override
    public MeterRegistry metrics() {
        return services.metrics();
    }

    @Override
    public TemplateRenderer templates(String precompiledPackage) {
        return renderers.computeIfAbsent(precompiledPackage, pkg -> {
            TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, classLoader, pkg);
            return new TemplateRenderer() {
                @Override
                public Html render(String template, Object model) {
                    var out = new StringOutput();
                    engine.render(template, model, out);
                    return new Html(out.toString());
                }

                @Override
                public Html render(String template, Map<String, Object> params) {
                    var out = new StringOutput();
                    engine.render(template, params, out);
                    return new Html(out.toString());
                }
            };
        });
    }

    @Override
    public boolean developmentMode() {
        return services.developmentMode();
    }
}
