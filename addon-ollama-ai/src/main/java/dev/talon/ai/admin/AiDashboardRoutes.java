package dev.talon.ai.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.ai.AiRuntime;
import dev.talon.ai.insights.Insight;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.HostStatus;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.api.ModelSummary;
import dev.talon.ai.usage.UsageStats;
import dev.talon.ai.web.AiPages;
import dev.talon.api.PanelUser;
import dev.talon.api.Registrar;
import dev.talon.api.UserDirectory;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AI Dashboard: hosts (cached probe results at once; version and running models loaded after the
 * page, so a hanging Ollama never holds the page), usage over time, per-model/feature table,
 * latest insights and alerts, and the audit of AI actions per user and feature.
 */
public final class AiDashboardRoutes {

    /** The model of {@code dashboard.jte}. */
    public record Page(OllamaStatus status, String seriesJson, Map<String, Long> totals, List<UsageStats.Row> rows,
                       List<Insight> insights, List<Insight> alerts, List<AuditLine> audit, String auditUser, String auditFeature,
                       List<String> features) {}

    /** An audit entry with the user's e-mail. */
    public record AuditLine(UsageStats.AuditEntry entry, String user) {}

    /** The model of {@code hosts-live.jte}: per host, version and loaded models, or the error. */
    public record LiveHost(String host, String version, List<ModelSummary> running, String error) {}

    private final AiRuntime runtime;
    private final UsageStats usage;
    private final Insights insights;
    private final UserDirectory users;
    private final AiPages pages;
    private final ObjectMapper json = new ObjectMapper();

    public AiDashboardRoutes(AiRuntime runtime, UsageStats usage, Insights insights, UserDirectory users, AiPages pages) {
        this.runtime = runtime;
        this.usage = usage;
        this.insights = insights;
        this.users = users;
        this.pages = pages;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai", this::show).when(() -> runtime.config().enabled()));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/hosts-live", this::live).when(() -> runtime.config().enabled()));
    }

    private void show(Request r) throws JsonProcessingException {
        var series = usage.series(Duration.ofHours(24), Duration.ofHours(1));
        var chart = new LinkedHashMap<String, Object>();
        chart.put("labels", series.stream().map(b -> java.time.Instant.ofEpochMilli(b.start()).toString().substring(11, 16)).toList());
        chart.put("requests", series.stream().map(UsageStats.Bucket::requests).toList());
        chart.put("errors", series.stream().map(UsageStats.Bucket::errors).toList());
        chart.put("tokens", series.stream().map(UsageStats.Bucket::tokens).toList());
        chart.put("ttftP50", series.stream().map(UsageStats.Bucket::ttftP50).toList());
        chart.put("ttftP95", series.stream().map(UsageStats.Bucket::ttftP95).toList());

        String auditUser = r.ctx().queryParam("user");
        String auditFeature = r.ctx().queryParam("feature");
        Long userId = null;
        boolean unknownUser = false;
        if (auditUser != null && !auditUser.isBlank()) {
            var found = users.findByEmail(auditUser.trim());
            userId = found.map(PanelUser::id).orElse(null);
            unknownUser = found.isEmpty();
        }
        var audit = new ArrayList<AuditLine>();
        if (!unknownUser) {
            for (var e : usage.audit(userId, auditFeature, 50)) {
                String who = e.userId() == null ? "scheduled job" : users.find(e.userId()).map(PanelUser::email).orElse("#" + e.userId());
                audit.add(new AuditLine(e, who));
            }
        }
        pages.render(r, "AI Dashboard", "dashboard.jte", new Page(OllamaStatus.of(runtime), json.writeValueAsString(chart),
                usage.totals(Duration.ofHours(24)), usage.byModelAndFeature(Duration.ofDays(7)),
                insights.search(new Insights.Filter("insight", null, null, null, null), 5, 0),
                insights.search(new Insights.Filter("alert", null, null, null, null), 5, 0),
                audit, auditUser == null ? "" : auditUser, auditFeature == null ? "" : auditFeature,
                java.util.Arrays.stream(Feature.values()).map(f -> f.name().toLowerCase()).toList()));
    }

    private void live(Request r) {
        var hosts = new ArrayList<LiveHost>();
        for (HostStatus status : runtime.client().hosts()) {
            URI host = status.uri();
            if (!OllamaStatus.reachable(status)) {
                hosts.add(new LiveHost(host.toString(), null, List.of(), status.lastProbe() == null
                        ? "Not probed yet; reload in a few seconds."
                        : "Not asked: its last health probe failed (see the table above)."));
                continue;
            }
            try {
                hosts.add(new LiveHost(host.toString(), runtime.client().version(Feature.ADMIN, host),
                        runtime.client().ps(Feature.ADMIN, host), null));
            } catch (OllamaException e) {
                hosts.add(new LiveHost(host.toString(), null, List.of(), e.getMessage()));
            }
        }
        pages.fragment(r, "hosts-live.jte", hosts);
    }
}
