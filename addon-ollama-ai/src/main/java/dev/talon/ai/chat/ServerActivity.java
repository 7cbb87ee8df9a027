package dev.talon.ai.chat;

import dev.talon.api.events.ConsoleLine;
import dev.talon.api.events.MetricsSample;
import dev.talon.api.events.PanelEventListener;
import dev.talon.api.events.ServerStateChanged;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A small, bounded memory of what servers did lately, fed by panel events: the last state, the
 * last resource sample and the last {@value #ERRORS_PER_SERVER} console lines that look like
 * errors. At most {@value #MAX_SERVERS} servers are remembered (least recently active dropped).
 *
 * <p>Threading: the host calls the listener methods from one virtual thread; chat turns read
 * from others. All access is synchronized on this object; every call is short.
 */
public final class ServerActivity implements PanelEventListener {

    static final int ERRORS_PER_SERVER = 10;
    static final int MAX_SERVERS = 500;
    private static final int MAX_LINE = 300;
    private static final Pattern ERROR = Pattern.compile(
            "(?i)\\b(error|exception|severe|fatal|crash(ed)?|failed|caused by)\\b|^\\s+at [\\w.$]+\\(");

    /** What is remembered about one server. */
    public record Snapshot(String state, MetricsSample metrics, List<String> recentErrors) {}

    private static final class Memory {
        String state;
        MetricsSample metrics;
        final ArrayDeque<String> errors = new ArrayDeque<>();
    }

    private final Map<String, Memory> servers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Memory> eldest) {
            return size() > MAX_SERVERS;
        }
    };

    @Override
    public synchronized void onServerState(ServerStateChanged event) {
        memory(event.serverUuid()).state = event.to() + (event.crashed() ? " (crashed)" : "");
    }

    @Override
    public synchronized void onMetrics(MetricsSample event) {
        memory(event.serverUuid()).metrics = event;
    }

    @Override
    public void onConsoleLine(ConsoleLine event) {
        if ("stdin".equals(event.stream()) || event.line() == null || !ERROR.matcher(event.line()).find()) {
            return;
        }
        String line = event.line().length() > MAX_LINE ? event.line().substring(0, MAX_LINE) + "…" : event.line();
        synchronized (this) {
            ArrayDeque<String> errors = memory(event.serverUuid()).errors;
            errors.addLast(line);
            while (errors.size() > ERRORS_PER_SERVER) {
                errors.removeFirst();
            }
        }
    }

    public synchronized Optional<Snapshot> snapshot(String serverUuid) {
        Memory e = servers.get(serverUuid);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new Snapshot(e.state, e.metrics, Collections.unmodifiableList(new ArrayList<>(e.errors))));
    }

    private Memory memory(String uuid) {
        return servers.computeIfAbsent(uuid, u -> new Memory());
    }
}
