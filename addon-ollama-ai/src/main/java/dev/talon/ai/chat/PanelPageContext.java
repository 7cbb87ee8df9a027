package dev.talon.ai.chat;

import dev.talon.api.PanelUser;
import dev.talon.api.events.MetricsSample;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The page context available today: the page path always, and on a server page that the user may
 * see (per {@link ServerAccess}) what {@link ServerActivity} remembers about it.
 */
public final class PanelPageContext implements PageContext {

    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9/_.~-]{0,200}");
    /** The panel's server pages: {@code /server/<identifier>} and below. */
    private static final Pattern SERVER_PAGE = Pattern.compile("^/server/([0-9A-Za-z-]{8,36})(/.*)?$");

    private final ServerAccess access;
    private final ServerActivity activity;

    public PanelPageContext(ServerAccess access, ServerActivity activity) {
        this.access = access;
        this.activity = activity;
    }

    @Override
    public Optional<Block> describe(PanelUser user, String pagePath, String serverUuid) {
        String page = pagePath != null && PATH.matcher(pagePath).matches() ? pagePath : null;
        String server = serverUuid;
        if (server == null && page != null) {
            var m = SERVER_PAGE.matcher(page);
            server = m.matches() ? m.group(1) : null;
        }
        var text = new StringBuilder();
        var label = new StringBuilder();
        if (page != null) {
            text.append("The user is on the panel page ").append(page).append(".\n");
            label.append("page ").append(page);
        }
        Optional<ServerAccess.Visible> visible = server == null ? Optional.empty() : access.visible(user, server);
        if (visible.isPresent()) {
            String name = visible.get().name();
            text.append("Server \"").append(name).append("\":\n");
            label.append(label.isEmpty() ? "" : " · ").append("server \"").append(name).append('"');
            activity.snapshot(visible.get().uuid()).ifPresent(s -> {
                if (s.state() != null) {
                    text.append("- state: ").append(s.state()).append('\n');
                }
                if (s.metrics() != null) {
                    text.append("- resources: ").append(resources(s.metrics())).append('\n');
                }
                if (!s.recentErrors().isEmpty()) {
                    text.append("- recent console errors:\n");
                    s.recentErrors().forEach(line -> text.append("  ").append(line).append('\n'));
                }
            });
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(new Block(label.toString(), text.toString()));
    }

    private static String resources(MetricsSample m) {
        String memory = m.memoryBytes() / (1024 * 1024) + " MiB"
                + (m.memoryLimitBytes() > 0 ? " of " + m.memoryLimitBytes() / (1024 * 1024) + " MiB" : "");
        return String.format("CPU %.0f%%, memory %s, disk %d MiB, up %d min", m.cpuPercent(), memory,
                m.diskBytes() / (1024 * 1024), m.uptimeMillis() / 60_000);
    }
}
