package dev.talon.ai.insights;

import dev.talon.ai.config.AiConfig;
import dev.talon.api.PanelUser;
import dev.talon.api.web.Area;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.Html;
import dev.talon.api.web.TemplateRenderer;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard widgets: latest insights, alerts and recommendations for admins, and for a client
 * the insights about their own servers. All read {@code ai_insights} only, so they render just as
 * fast with Ollama down. Hidden while the analysis features are off.
 */
public final class InsightWidgets {

    private InsightWidgets() {}

    /**
     * @param visibleServers the servers whose insights a viewer may see (owner, admin, or subuser
     *     granted {@code ai.insights} there)
     */
    public static List<DashboardWidget> all(Insights insights, TemplateRenderer templates, Supplier<AiConfig> config,
                                            java.util.function.Function<PanelUser, List<String>> visibleServers) {
        Supplier<Boolean> analysisOn = () -> {
            AiConfig c = config.get();
            return c.enabled() && (c.features().serverAnalysis() || c.features().performanceMonitoring() || c.features().securityScanning());
        };
        return List.of(
                new Widget("ai-insights", "AI insights", Area.ADMIN, 400, null, analysisOn, viewer -> render(templates,
                        insights.search(new Insights.Filter("insight", null, null, null, null), 5, 0),
                        "No insights yet: the analysis jobs write them as they look at your servers.")),
                new Widget("ai-alerts", "AI alerts", Area.ADMIN, 410, null, analysisOn, viewer -> render(templates,
                        insights.search(new Insights.Filter("alert", null, null, null, null), 5, 0), "No alerts.")),
                new Widget("ai-recommendations", "AI recommendations", Area.ADMIN, 420, null, analysisOn, viewer -> render(templates,
                        insights.search(new Insights.Filter("recommendation", null, null, null, null), 5, 0), "No recommendations yet.")),
                new Widget("ai-my-insights", "AI insights about your servers", Area.CLIENT, 400, "ai.insights", analysisOn,
                        viewer -> render(templates, insights.ofServers(visibleServers.apply(viewer), 5),
                                "Nothing to report about your servers.")));
    }

    private static Html render(TemplateRenderer templates, List<Insight> items, String empty) {
        return templates.render("insight-list.jte", Map.of("items", items, "empty", empty));
    }

    @FunctionalInterface
    private interface Body {
        Html render(PanelUser viewer);
    }

    private record Widget(String id, String title, Area area, int order, String permission, Supplier<Boolean> on, Body body)
            implements DashboardWidget {
        @Override
        public Html render(PanelUser viewer) {
            return body.render(viewer);
        }

        @Override
        public boolean enabled() {
            return on.get();
        }

        @Override
        public int columns() {
            return 1;
        }
    }
}
