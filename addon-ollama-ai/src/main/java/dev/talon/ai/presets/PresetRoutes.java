package dev.talon.ai.presets;

import dev.talon.api.ActivityLog;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * AI Settings, presets part: create a custom preset (validated; a refused form is shown again with
 * its values and the field named) and delete one. Built-in presets are read-only.
 */
public final class PresetRoutes {

    private final Presets presets;
    private final ActivityLog activity;
    private final BiConsumer<Request, PresetForm> showSettings;

    /** @param showSettings renders the AI Settings page with this preset form (after a refusal) */
    public PresetRoutes(Presets presets, ActivityLog activity, BiConsumer<Request, PresetForm> showSettings) {
        this.presets = presets;
        this.activity = activity;
        this.showSettings = showSettings;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/presets", this::create));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/presets/{id}/delete", this::delete));
    }

    private void create(Request r) {
        var ctx = r.ctx();
        var form = new PresetForm(ctx.formParam("name"), ctx.formParam("description"), ctx.formParam("model"),
                ctx.formParam("temperature"), ctx.formParam("max_tokens"), ctx.formParam("system_prompt"), null, null);
        try {
            long id = presets.create(form.name(), form.description(), form.model(), form.temperature(), form.maxTokens(),
                    form.systemPrompt());
            activity.record(new ActivityLog.Activity(r.user().id(), "ai.preset.created", "ai-preset:" + id, ctx.ip(),
                    Map.of("name", form.name().trim(), "model", form.model().trim())));
            r.flashOk("Preset " + form.name().trim() + " created.");
            ctx.redirect("/admin/ai/settings#ai-presets");
        } catch (Presets.PresetException e) {
            ctx.status(422);
            showSettings.accept(r, form.refused(e));
        }
    }

    private void delete(Request r) {
        String id = r.pathParam("id");
        var preset = presets.find(id);
        if (preset.isEmpty() || preset.get().builtIn()) {
            r.flashError(preset.isEmpty() ? "That preset does not exist." : "Built-in presets can't be deleted.");
        } else if (presets.delete(id)) {
            activity.record(new ActivityLog.Activity(r.user().id(), "ai.preset.deleted", "ai-preset:" + id, r.ctx().ip(),
                    Map.of("name", preset.get().name())));
            r.flashOk("Preset " + preset.get().name() + " deleted.");
        }
        r.ctx().redirect("/admin/ai/settings#ai-presets");
    }
}
