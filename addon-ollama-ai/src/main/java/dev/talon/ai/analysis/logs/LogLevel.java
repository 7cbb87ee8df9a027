package dev.talon.ai.analysis.logs;

/** Severity of a log event, normalised from the many spellings of log frameworks. */
public enum LogLevel {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    /**
     * The level named by {@code s[from, to)} ({@code WARNING} → WARN, {@code SEVERE} → ERROR,
     * {@code CRITICAL} → FATAL …), or {@code null} when it is no level word. Upper case only: a
     * capitalised word in a message is no level. No allocation (hot path).
     */
    static LogLevel parse(CharSequence s, int from, int to) {
        int n = to - from;
        if (n < 4 || n > 8) {
            return null;
        }
        return switch (s.charAt(from)) {
            case 'T' -> eq(s, from, to, "TRACE") ? TRACE : null;
            case 'D' -> eq(s, from, to, "DEBUG") ? DEBUG : null;
            case 'I' -> eq(s, from, to, "INFO") ? INFO : null;
            case 'N' -> eq(s, from, to, "NOTICE") ? INFO : null;
            case 'W' -> eq(s, from, to, "WARN") || eq(s, from, to, "WARNING") ? WARN : null;
            case 'E' -> eq(s, from, to, "ERROR") ? ERROR : null;
            case 'S' -> eq(s, from, to, "SEVERE") ? ERROR : null;
            case 'F' -> eq(s, from, to, "FATAL") ? FATAL : null;
            case 'C' -> eq(s, from, to, "CRITICAL") ? FATAL : null;
            default -> null;
        };
    }

    private static boolean eq(CharSequence s, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (s.charAt(from + i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The more severe of two levels; {@code null} counts as unknown (least severe). */
    static LogLevel max(LogLevel a, LogLevel b) {
        if (a == null) {
            return b;
        }
        return b == null || a.ordinal() >= b.ordinal() ? a : b;
    }

    /** Whether events of this level are worth a look (warnings and worse). */
    public boolean notable() {
        return ordinal() >= WARN.ordinal();
    }
}
