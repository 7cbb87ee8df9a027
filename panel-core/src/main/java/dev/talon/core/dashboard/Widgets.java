package dev.talon.core.dashboard;

import dev.talon.api.AccessControl;
import dev.talon.api.PanelUser;
import dev.talon.api.web.Area;
import dev.talon.api.web.DashboardWidget;
import dev.talon.api.web.Html;
import dev.talon.core.addons.ContributionRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a dashboard's widgets in parallel on virtual threads, each within a shared time budget:
 * a widget that throws or overruns shows as unavailable, and the page is never held up longer
 * than the budget by a slow one.
 */
public final class Widgets implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Widgets.class);

    /** A rendered tile. */
    public record Tile(String id, String title, int columns, Html body, boolean unavailable) {}

    private final ContributionRegistry registry;
    private final AccessControl access;
    private final Duration budget;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public Widgets(ContributionRegistry registry, AccessControl access, Duration budget) {
        this.registry = registry;
        this.access = access;
        this.budget = budget;
    }

    public List<Tile> render(PanelUser viewer, Area area) {
        record Pending(String source, DashboardWidget widget, Future<Html> future) {}
        var pending = new ArrayList<Pending>();
        registry.all().forEach(c -> c.widgets().stream()
                .filter(w -> w.area() == area && w.enabled())
                .filter(w -> w.permission() == null || access.can(viewer, w.permission()))
                .forEach(w -> pending.add(new Pending(c.source(), w, executor.submit(() -> w.render(viewer))))));
        pending.sort(Comparator.comparingInt(p -> p.widget().order()));
        long deadline = System.nanoTime() + budget.toNanos();
        var tiles = new ArrayList<Tile>();
        for (Pending p : pending) {
            DashboardWidget w = p.widget();
            int columns = Math.max(1, Math.min(3, w.columns()));
            String id = p.source() + "-" + w.id();
            try {
                Html body = p.future().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                tiles.add(new Tile(id, w.title(), columns, body, false));
            } catch (java.util.concurrent.TimeoutException e) {
                p.future().cancel(true);
                log.warn("Widget {} took longer than {} ms and was skipped", id, budget.toMillis());
                tiles.add(new Tile(id, w.title(), columns, Html.text("This widget is unavailable right now (it took too long)."), true));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tiles.add(new Tile(id, w.title(), columns, Html.text("This widget is unavailable right now."), true));
            } catch (java.util.concurrent.ExecutionException e) {
                log.warn("Widget {} failed", id, e.getCause());
                tiles.add(new Tile(id, w.title(), columns, Html.text("This widget is unavailable right now."), true));
            }
        }
        return tiles;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
