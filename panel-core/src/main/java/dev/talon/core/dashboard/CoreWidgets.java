package dev.talon.core.dashboard;

import dev.talon.api.PanelUser;
import dev.talon.api.web.Area;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.Html;
import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.addons.AddonManager;
import dev.talon.core.addons.AddonStatus;
import dev.talon.core.auth.ApiKeys;
import dev.talon.core.auth.Users;
import dev.talon.core.db.Database;
import dev.talon.core.web.Templates;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The core's own dashboard widgets. Each reads the database or the JVM; none calls out. */
public final class CoreWidgets {

    private CoreWidgets() {}

    public static List<DashboardWidget> all(Templates templates, Users users, ActivityRepository activity, ApiKeys apiKeys,
                                            Supplier<AddonManager> addons, Database database, Clock clock) {
        return List.of(
                widget("overview", "Panel", Area.ADMIN, 100, 1, viewer -> {
                    List<AddonStatus> list = addons.get().list();
                    long started = list.stream().filter(a -> a.state() == AddonStatus.State.STARTED).count();
                    long failed = list.stream().filter(a -> a.state() == AddonStatus.State.FAILED).count();
                    return render(templates, "widgets/overview.jte", Map.of("users", users.count(), "addons", list.size(),
                            "started", started, "failed", failed, "database", database.kind().name()));
                }),
                widget("activity", "Recent activity", Area.ADMIN, 200, 2, viewer -> render(templates, "widgets/activity.jte",
                        Map.of("entries", activity.search(ActivityRepository.Filter.none(), 8, 0), "now", clock.millis()))),
                widget("system", "System", Area.ADMIN, 300, 1, viewer -> {
                    Runtime rt = Runtime.getRuntime();
                    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
                    return render(templates, "widgets/system.jte", Map.of("uptimeMillis", uptime,
                            "heapUsedMb", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024), "heapMaxMb", rt.maxMemory() / (1024 * 1024),
                            "java", System.getProperty("java.version"), "cores", rt.availableProcessors()));
                }),
                widget("account", "Your account", Area.CLIENT, 100, 1, viewer -> {
                    var user = users.find(viewer.id()).orElseThrow();
                    long keys = apiKeys.listForUser(viewer.id()).stream().filter(ApiKeys.ApiKey::active).count();
                    return render(templates, "widgets/account.jte", Map.of("user", user, "keys", keys));
                }),
                widget("my-activity", "Your recent activity", Area.CLIENT, 200, 2, viewer -> render(templates, "widgets/activity.jte",
                        Map.of("entries", activity.search(new ActivityRepository.Filter(null, null, null, viewer.id()), 8, 0),
                                "now", clock.millis()))));
    }

    private static Html render(Templates templates, String name, Map<String, Object> params) {
        return new Html(templates.render(name, params));
    }

    @FunctionalInterface
    private interface Body {
        Html render(PanelUser viewer) throws Exception;
    }

    private static DashboardWidget widget(String id, String title, Area area, int order, int columns, Body body) {
        return new DashboardWidget() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Area area() {
                return area;
            }

            @Override
            public Html render(PanelUser viewer) throws Exception {
                return body.render(viewer);
            }

            @Override
            public int order() {
                return order;
            }

            @Override
            public int columns() {
                return columns;
            }
        };
    }
}
