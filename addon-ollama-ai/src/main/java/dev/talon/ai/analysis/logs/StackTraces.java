package dev.talon.ai.analysis.logs;

/**
 * How the miner recognises the lines of a multi-line event: Java stack frames and causes, a bare
 * exception line after a headed message, {@code ... 12 more}, Python tracebacks. Stateless.
 */
final class StackTraces {

    private StackTraces() {}

    /** A line that continues whatever came before it, header or not: blank-indented, a cause or a suppressed exception. */
    static boolean alwaysContinues(String line) {
        char c = line.charAt(0);
        return c == ' ' || c == '\t' || line.startsWith("Caused by:") || line.startsWith("Suppressed:");
    }

    /** A header-less line that continues a headed message: an exception line, a traceback, an elision. */
    static boolean continuesHeaded(String line) {
        return looksLikeException(line) || line.startsWith("Traceback ") || line.startsWith("... ");
    }

    /**
     * The line that names a trace in its template: the first exception line, or — for a trace
     * without one — its top frame when it directly follows the message; null for other lines.
     */
    static String traceLine(String line, int linesSoFar) {
        if (line.isBlank()) {
            return null;
        }
        String t = line.strip();
        if (!t.startsWith("at ") && !t.startsWith("... ")) {
            return t;
        }
        return linesSoFar == 1 ? t : null;
    }

    /** {@code java.lang.IllegalStateException: …}, {@code ValueError: …}, {@code org.x.FooError}: a qualified or *Error/*Exception name. */
    static boolean looksLikeException(String line) {
        int end = 0;
        int n = line.length();
        while (end < n) {
            char c = line.charAt(end);
            if (c == ':' || c == ' ') {
                break;
            }
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '$' || c == '_')) {
                return false;
            }
            end++;
        }
        if (end == 0) {
            return false;
        }
        String name = line.substring(0, end);
        return name.endsWith("Exception") || name.endsWith("Error") || name.endsWith("Throwable")
                || (name.indexOf('.') > 0 && end < n && line.charAt(end) == ':' && Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1)));
    }
}
