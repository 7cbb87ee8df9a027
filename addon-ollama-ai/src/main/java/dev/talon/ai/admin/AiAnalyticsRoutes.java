package dev.talon.ai.admin;

import dev.talon.ai.markdown.SafeMarkdown;
import dev.talon.ai.reports.Reports;
import dev.talon.api.web.Html;
import io.javalin.http.NotFoundResponse;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.insights.Insight;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.web.AiPages;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import java.util.List;

/** AI Analytics: insights across all servers with filters and search. */
public final class AiAnalyticsRoutes {

    private static final int PAGE_SIZE = 50;

    /** The model of {@code analytics.jte}. */
    public record Page(OllamaStatus status, List<Insight> insights, Insights.Filter filter, int page, boolean hasNext,
                       List<String> kinds, List<String> severities, List<dev.talon.ai.analysis.AnalysisStore.Run> runs,
                       List<Reports.Report> reports) {}

    /** The model of {@code report.jte}: a stored report rendered from its Markdown. */
    public record ReportPage(Reports.Report report, Html body, Reports.EmailDelivery email) {}

    private final AiRuntime runtime;
    private final Insights insights;
    private final AiPages pages;
    private final dev.talon.ai.analysis.AnalysisStore runs;
    private final Reports reports;
    private final SafeMarkdown markdown;

    public AiAnalyticsRoutes(AiRuntime runtime, Insights insights, AiPages pages, dev.talon.ai.analysis.AnalysisStore runs, Reports reports,
                             SafeMarkdown markdown) {
        this.runtime = runtime;
        this.insights = insights;
        this.pages = pages;
        this.runs = runs;
        this.reports = reports;
        this.markdown = markdown;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/analytics", this::show).when(() -> runtime.config().enabled()));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/reports/{id}", this::report).when(() -> runtime.config().enabled()));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/reports/{id}/markdown", this::download)
                .when(() -> runtime.config().enabled()));
    }

    private void show(Request r) {
        var ctx = r.ctx();
        var filter = new Insights.Filter(ctx.queryParam("kind"), ctx.queryParam("category"), ctx.queryParam("severity"),
                ctx.queryParam("q"), null);
        int page = 1;
        try {
            page = Math.max(1, Integer.parseInt(ctx.queryParamAsClass("page", String.class).getOrDefault("1")));
        } catch (NumberFormatException e) {
            page = 1;
        }
        var found = insights.search(filter, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE);
        boolean hasNext = found.size() > PAGE_SIZE;
        pages.render(r, "AI Analytics", "analytics.jte", new Page(OllamaStatus.of(runtime), hasNext ? found.subList(0, PAGE_SIZE) : found,
                filter, page, hasNext, Insight.KINDS, Insight.SEVERITIES, runs.recentRuns(20), reports.recent(30)));
    }

    private Reports.Report find(Request r) {
        try {
            return reports.find(Long.parseLong(r.pathParam("id"))).orElseThrow(() -> new NotFoundResponse("There is no such report."));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such report.");
        }
    }

    /** A report as HTML: its Markdown through the same sanitising renderer as the assistant's answers. */
    private void report(Request r) {
        Reports.Report report = find(r);
        pages.render(r, report.title(), "report.jte", new ReportPage(report, new dev.talon.ai.reports.ReportHtml(markdown).render(report.markdown()),
                reports.emailDelivery(report.id())));
    }

    private void download(Request r) {
        Reports.Report report = find(r);
        String day = java.time.Instant.ofEpochMilli(report.periodStart()).toString().substring(0, 10);
        String name = "ai-report-" + report.period() + "-" + (report.serverUuid() == null ? "panel" : report.serverUuid().substring(0, 8))
                + "-" + day + ".md";
        r.ctx().contentType("text/markdown; charset=utf-8").header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .result(report.markdown());
    }
}
