package dev.talon.ai.analysis.performance;

import dev.talon.api.events.PanelEventListener;
import dev.talon.api.events.ServerStateChanged;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recent crashes per server (from {@link ServerStateChanged} events) for crash-loop
 * detection. In memory only: after a restart the count starts again. Thread-safe.
 */
public final class CrashTracker implements PanelEventListener {

    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Map<String, Deque<Long>> crashes = new ConcurrentHashMap<>();
    private final Clock clock;

    public CrashTracker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onServerState(ServerStateChanged event) {
        if (event.crashed()) {
            Deque<Long> times = crashes.computeIfAbsent(event.serverUuid(), k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(event.at().toEpochMilli());
                while (times.size() > 100) {
                    times.removeFirst();
                }
            }
        }
    }

    /** Crashes of the server in the last 15 minutes. */
    public int recent(String serverUuid) {
        Deque<Long> times = crashes.get(serverUuid);
        if (times == null) {
            return 0;
        }
        long cut = clock.millis() - WINDOW.toMillis();
        synchronized (times) {
            times.removeIf(t -> t < cut);
            return times.size();
        }
    }
}
