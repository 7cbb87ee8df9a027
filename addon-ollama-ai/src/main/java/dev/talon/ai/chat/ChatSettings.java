package dev.talon.ai.chat;

import dev.talon.ai.config.ResolvedConfig;

/**
 * The chat's limits, read from the current configuration per turn so AI Settings applies at once.
 *
 * @param ratePerWindow messages per user per {@link ChatLimits#WINDOW}
 * @param maxMessageChars longest message accepted
 * @param maxHistory messages of history sent
 * @param historyTokens token budget for history and context
 * @param toolRoundsPerConversation tool rounds a conversation may take in all (counted from the
 *     stored tool-call messages, so a restart does not reset it)
 */
record ChatSettings(int ratePerWindow, int maxMessageChars, int maxHistory, int historyTokens, int toolRoundsPerConversation) {
    static ChatSettings from(ResolvedConfig c) {
        return new ChatSettings(c.integer("limits.chat_rate"), c.integer("limits.chat_message_chars"),
                c.integer("limits.max_chat_history"), c.integer("limits.chat_history_tokens"),
                c.integer("limits.tool_rounds_per_conversation"));
    }
}
