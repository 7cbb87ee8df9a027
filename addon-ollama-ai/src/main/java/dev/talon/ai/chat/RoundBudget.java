package dev.talon.ai.chat;

/**
 * The conversation's cap on tool rounds ({@code limits.tool_rounds_per_conversation}) and how
 * many it had used before this turn, as stored: the count lives in the database (assistant
 * messages with tool calls), so a restart does not reset it. Immutable.
 */
record RoundBudget(int cap, int usedBefore) {
    boolean spent() {
        return usedBefore >= cap;
    }

    /** Whether a turn that already ran {@code rounds} tool rounds may run one more. */
    boolean allowsAnother(int rounds) {
        return usedBefore + rounds < cap;
    }

    String stoppedMessage() {
        return "The assistant stopped: this conversation reached its limit of " + cap + " tool rounds. "
                + "Start a new conversation to let the assistant look at or act on your servers again.";
    }

    String spentNote() {
        return "Note: this conversation has used all " + cap + " of its tool rounds, so the assistant no longer looks at "
                + "or acts on your servers here. Start a new conversation to use them again.";
    }
}
