package dev.talon.ai.console;

import dev.talon.api.events.ConsoleLine;
import dev.talon.api.events.PanelEventListener;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@value #LINES} console lines of each server (output and commands), for the "Ask AI"
 * completion's context. Read on the server side rather than taken from the browser, so a page can't
 * pass anything off as console output. At most {@value #MAX_SERVERS} servers are remembered.
 *
 * <p>Threading: the host's event thread writes, request threads read; every access is a short
 * synchronized block.
 */
public final class RecentConsole implements PanelEventListener {

    static final int LINES = 20;
    static final int MAX_SERVERS = 500;
    private static final int MAX_LINE = 300;

    private final Map<String, ArrayDeque<String>> servers = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<String>> eldest) {
            return size() > MAX_SERVERS;
        }
    };

    @Override
    public void onConsoleLine(ConsoleLine event) {
        if (event.line() == null) {
            return;
        }
        String clean = event.line().replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "").replaceAll("[\\p{Cntrl}&&[^\t]]", "");
        String line = ("stdin".equals(event.stream()) ? "> " : "") + (clean.length() > MAX_LINE ? clean.substring(0, MAX_LINE) + "…" : clean);
        synchronized (this) {
            ArrayDeque<String> lines = servers.computeIfAbsent(event.serverUuid(), k -> new ArrayDeque<>());
            lines.addLast(line);
            while (lines.size() > LINES) {
                lines.removeFirst();
            }
        }
    }

    /** The server's last lines, oldest first; commands typed in the console start with {@code "> "}. */
    public synchronized List<String> lines(String serverUuid) {
        ArrayDeque<String> lines = servers.get(serverUuid);
        return lines == null ? List.of() : List.copyOf(lines);
    }
}
