package dev.talon.ai.chat;

/**
 * A turn the assistant won't take, with a message for the user: too long (400), too many
 * messages or another answer still streaming (429, with seconds to wait), the service busy (429).
 * The routes turn it into the response; nothing was sent to a model.
 */
public final class ChatRefused extends RuntimeException {

    private final int status;
    private final int retryAfterSeconds;

    public ChatRefused(int status, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** Seconds to wait before trying again; 0 when waiting won't help. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
