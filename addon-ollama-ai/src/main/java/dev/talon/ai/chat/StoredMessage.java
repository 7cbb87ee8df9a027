package dev.talon.ai.chat;

/**
 * One message of a conversation as stored.
 *
 * @param role {@code user}, {@code assistant} or {@code support} (a human's answer)
 * @param status {@code complete}, {@code stopped} (the user pressed stop) or {@code error} (the
 *     model failed; {@code content} is what arrived before)
 * @param contextUsed what context the answer was given, e.g. {@code page /servers/abc}, or null
 * @param toolCalls for an assistant message: the model's tool calls as a JSON array, or null
 * @param toolName for role {@code tool} (a tool's result, sent to the model as data): the tool
 */
public record StoredMessage(long id, long conversationId, String role, String content, String model, Integer tokensIn,
                            Integer tokensOut, Integer ttftMs, Integer durationMs, String status, String error,
                            String contextUsed, long createdAt, String toolCalls, String toolName) {

    public StoredMessage(long id, long conversationId, String role, String content, String model, Integer tokensIn,
                         Integer tokensOut, Integer ttftMs, Integer durationMs, String status, String error,
                         String contextUsed, long createdAt) {
        this(id, conversationId, role, content, model, tokensIn, tokensOut, ttftMs, durationMs, status, error, contextUsed,
                createdAt, null, null);
    }

    /** Whether people see this message: tool results and bare tool-call turns are for the model only. */
    public boolean shownToPeople() {
        return !"tool".equals(role) && !(toolCalls != null && (content == null || content.isBlank()));
    }

    public static final String COMPLETE = "complete";
    public static final String STOPPED = "stopped";
    public static final String ERROR = "error";
}
