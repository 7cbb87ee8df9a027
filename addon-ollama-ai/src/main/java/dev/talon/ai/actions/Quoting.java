package dev.talon.ai.actions;

/**
 * Tool results as quoted data for the model: wrapped in {@code <data>} tags the system prompt
 * declares to be information, never instructions, and unable to close that wrapper themselves.
 */
final class Quoting {

    private Quoting() {}

    static String data(String source, String text) {
        return "<data source=\"" + source + "\">\n" + neutralise(text) + "\n</data>";
    }

    /** Data can't close the wrapper and pose as the panel speaking. */
    static String neutralise(String text) {
        return text.replaceAll("(?i)</?\\s*data", "‹data");
    }
}
