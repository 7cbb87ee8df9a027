package dev.talon.ai.admin;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.config.ResolvedConfig;
import dev.talon.ai.config.Setting;
import dev.talon.ai.models.InstalledModels;
import dev.talon.ai.models.ModelRoutes;
import dev.talon.ai.models.PullManager;
import dev.talon.ai.presets.Preset;
import dev.talon.ai.presets.PresetForm;
import dev.talon.ai.presets.Presets;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.web.AiPages;
import dev.talon.api.ActivityLog;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AI Settings: every key with its value and source, saving (validated, all or nothing), resetting
 * a key to the file's value, and "Test connection". The page also shows the installed models, the
 * pulls and the presets, whose actions live in {@link ModelRoutes} and
 * {@link dev.talon.ai.presets.PresetRoutes}.
 */
public final class AiSettingsRoutes {

    /** The model of {@code settings.jte}. */
    public record Page(String csrf, List<ResolvedConfig.Entry> entries, List<String> problems, String file, OllamaStatus status,
                       List<String> installedModels, List<ConnectionCheck> checks, List<InstalledModels.HostModels> hosts,
                       ModelRoutes.PullList pulls, List<PresetRow> presets, PresetForm presetForm) {
        public boolean severalHosts() {
            return hosts.size() > 1;
        }
    }

    /** A preset as listed: the model it uses now (built-ins follow the configured models). */
    public record PresetRow(Preset preset, String model) {}

    /** The result of "Test connection" for one host. */
    public record ConnectionCheck(String host, boolean ok, String version, int models, String error) {}

    private final AiRuntime runtime;
    private final AiPages pages;
    private final ActivityLog activity;
    private final InstalledModels installed;
    private final PullManager pulls;
    private final Presets presets;
    private final dev.talon.ai.reports.ReportMailer mailer;

    public AiSettingsRoutes(AiRuntime runtime, AiPages pages, ActivityLog activity, InstalledModels installed, PullManager pulls,
                            Presets presets, dev.talon.ai.reports.ReportMailer mailer) {
        this.mailer = mailer;
        this.runtime = runtime;
        this.pages = pages;
        this.activity = activity;
        this.installed = installed;
        this.pulls = pulls;
        this.presets = presets;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/settings", r -> show(r, List.of())));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings", this::save));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/reset/{key}", this::reset));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/test", r -> show(r, testConnection())));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/test-email", this::testEmail));
    }

    private void show(Request r, List<ConnectionCheck> checks) {
        show(r, checks, PresetForm.empty());
    }

    /** The page again with a refused preset form (its values kept, the bad field marked). */
    public void showWithPresetForm(Request r, PresetForm form) {
        show(r, List.of(), form);
    }

    private void show(Request r, List<ConnectionCheck> checks, PresetForm presetForm) {
        var resolved = runtime.settings().resolved();
        var status = OllamaStatus.of(runtime);
        var hosts = installed.list();
        var config = runtime.config();
        var presetRows = presets.all().stream().map(p -> new PresetRow(p, Presets.modelOf(p, config))).toList();
        pages.render(r, "AI Settings", "settings.jte", new Page(r.csrfToken(), resolved.entries(), resolved.problems(),
                runtime.settings().file().toString(), status, InstalledModels.names(hosts), checks, hosts,
                new ModelRoutes.PullList(r.csrfToken(), pulls.list()), presetRows, presetForm));
    }

    private void save(Request r) {
        var changes = new LinkedHashMap<String, String>();
        for (ResolvedConfig.Entry entry : runtime.settings().resolved().entries()) {
            Setting s = entry.setting();
            if (entry.locked()) {
                continue;
            }
            String submitted = s.type() == Setting.Type.BOOLEAN
                    ? String.valueOf("on".equals(r.ctx().formParam(s.key())))
                    : r.ctx().formParam(s.key());
            if (submitted == null || (s.type() == Setting.Type.SECRET && submitted.isEmpty())) {
                continue; // a secret is never shown, so an empty field means "keep it"
            }
            String normalisedSubmitted = submitted.trim();
            if (!normalisedSubmitted.equals(entry.value())) {
                changes.put(s.key(), normalisedSubmitted);
            }
        }
        if (changes.isEmpty()) {
            r.flashOk("Nothing changed.");
        } else {
            try {
                runtime.settings().save(changes);
                activity.record(new ActivityLog.Activity(r.user().id(), "ai.settings.saved", "addon:ollama-ai", r.ctx().ip(),
                        Map.of("keys", String.join(",", changes.keySet()))));
                r.flashOk("Saved " + changes.size() + (changes.size() == 1 ? " setting: " : " settings: ") + String.join(", ", changes.keySet()) + ".");
            } catch (Setting.InvalidSetting e) {
                r.flashError("Not saved — " + e.getMessage() + ". Nothing was changed.");
            }
        }
        r.ctx().redirect("/admin/ai/settings");
    }

    private void reset(Request r) {
        String key = r.pathParam("key");
        try {
            runtime.settings().reset(key);
            activity.record(new ActivityLog.Activity(r.user().id(), "ai.settings.reset", "addon:ollama-ai", r.ctx().ip(), Map.of("key", key)));
            r.flashOk(key + " now comes from " + runtime.settings().resolved().entry(key).source().name().toLowerCase() + ".");
        } catch (Setting.InvalidSetting e) {
            r.flashError(e.getMessage());
        }
        r.ctx().redirect("/admin/ai/settings");
    }

    /** Sends a test e-mail with the saved SMTP settings; the outcome is a flash message, never a trace. */
    private void testEmail(Request r) {
        var outcome = mailer.sendTest();
        activity.record(new ActivityLog.Activity(r.user().id(), "ai.settings.test-email", "addon:ollama-ai", r.ctx().ip(),
                Map.of("sent", outcome.sent())));
        if (outcome.sent()) {
            r.flashOk("Test e-mail sent to " + runtime.settings().resolved().value("reports.email.to") + ".");
        } else {
            r.flashError("Test e-mail not sent: " + outcome.error());
        }
        r.ctx().redirect("/admin/ai/settings#setting-reports-email-to");
    }

    private List<ConnectionCheck> testConnection() {
        var checks = new ArrayList<ConnectionCheck>();
        for (URI host : runtime.hosts()) {
            try {
                String version = runtime.client().version(Feature.ADMIN, host);
                int models = runtime.client().tags(Feature.ADMIN, host).size();
                checks.add(new ConnectionCheck(host.toString(), true, version, models, null));
            } catch (OllamaException e) {
                checks.add(new ConnectionCheck(host.toString(), false, null, 0, e.getMessage()));
            }
        }
        return checks;
    }
}
