package dev.talon.ai.chat;

/**
 * One message of a conversation as stored.
 *
 * @param role {@code user}, {@code assistant} or {@code support} (a human's answer)
 * @param status {@code complete}, {@code stopped} (the user pressed stop) or {@code error} (the
 *     model failed; {@code content} is what arrived before)
 * @param contextUsed what context the answer was given, e.g. {@code page /servers/abc}, or null
 */
public record StoredMessage(long id, long conversationId, String role, String content, String model, Integer tokensIn,
                            Integer tokensOut, Integer ttftMs, Integer durationMs, String status, String error,
                            String contextUsed, long createdAt) {

    public static final String COMPLETE = "complete";
    public static final String STOPPED = "stopped";
    public static final String ERROR = "error";
}
