package dev.talon.ai.files;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a (masked) file into parts of at most {@code maxChars}, on line boundaries where it can,
 * so a large file goes to the model in several requests that each fit its context. Each part knows
 * its first and last line for the prompt.
 */
final class FileChunks {

    /** Lines {@code firstLine}..{@code lastLine} (from 1) of the file. */
    record Part(int firstLine, int lastLine, String text) {}

    private FileChunks() {}

    static List<Part> split(String text, int maxChars) {
        List<Part> parts = new ArrayList<>();
        String[] lines = (text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1);
        StringBuilder current = new StringBuilder();
        int first = 1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            while (line.length() > maxChars) { // a single huge line (minified JSON): cut it
                if (!current.isEmpty()) {
                    parts.add(new Part(first, i, current.toString()));
                    current.setLength(0);
                }
                parts.add(new Part(i + 1, i + 1, line.substring(0, maxChars)));
                line = line.substring(maxChars);
                first = i + 1;
            }
            if (current.length() + line.length() + 1 > maxChars && !current.isEmpty()) {
                parts.add(new Part(first, i, current.toString()));
                current.setLength(0);
                first = i + 1;
            }
            current.append(line).append('\n');
        }
        if (!current.toString().isBlank()) {
            parts.add(new Part(first, lines.length, current.toString()));
        }
        return parts;
    }
}
