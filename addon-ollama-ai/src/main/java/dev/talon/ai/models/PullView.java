package dev.talon.ai.models;

import java.net.URI;
import java.time.Instant;

/**
 * What the panel knows about one pull at a moment: an immutable snapshot, safe to render.
 *
 * @param id short id for the cancel button and the progress fragment
 * @param userId who started it, or {@code null} (command line)
 * @param status Ollama's last status text ({@code pulling manifest}, {@code pulling 6a07…}, {@code success})
 * @param completed bytes downloaded so far, over all layers seen
 * @param total bytes to download, over all layers seen; 0 until Ollama names a layer
 * @param error why it failed, when {@link State#FAILED}
 * @param errorType the client's short error type ({@code unavailable}, {@code model_failed}…), when failed
 */
public record PullView(String id, URI host, String model, Long userId, State state, String status, long completed,
                       long total, Instant startedAt, Instant endedAt, String error,
                       String errorType) {

    /** Where a pull is in its life. */
    public enum State {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase();
        }
    }

    public boolean running() {
        return state == State.RUNNING;
    }

    /** Whole percent done, 0..100, or -1 while the size is unknown. */
    public int percent() {
        if (state == State.SUCCEEDED) {
            return 100;
        }
        return total <= 0 ? -1 : (int) Math.min(100, completed * 100 / total);
    }

    /** Bytes in a short human form: {@code 1.2 GB}, {@code 830.0 MB}. */
    public static String bytes(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.2f GB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f MB", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return n + " B";
    }
}
