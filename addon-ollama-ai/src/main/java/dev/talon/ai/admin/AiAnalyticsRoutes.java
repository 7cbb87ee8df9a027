package dev.talon.ai.admin;

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
                       List<String> kinds, List<String> severities, List<dev.talon.ai.analysis.AnalysisStore.Run> runs) {}

    private final AiRuntime runtime;
    private final Insights insights;
    private final AiPages pages;
    private final dev.talon.ai.analysis.AnalysisStore runs;

    public AiAnalyticsRoutes(AiRuntime runtime, Insights insights, AiPages pages, dev.talon.ai.analysis.AnalysisStore runs) {
        this.runtime = runtime;
        this.insights = insights;
        this.pages = pages;
        this.runs = runs;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/analytics", this::show).when(() -> runtime.config().enabled()));
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
                filter, page, hasNext, Insight.KINDS, Insight.SEVERITIES, runs.recentRuns(20)));
    }
}
