package dev.talon.ai.analysis.logs;

/**
 * Recognises the header of a log line — timestamp, thread, level, in the shapes common log
 * frameworks write — without regular expressions, so only the message goes to template mining:
 * <pre>
 * [12:34:56] [Server thread/WARN]: message                (Minecraft, Log4j pattern of game servers)
 * 2024-05-01 12:34:56,789 ERROR [main] c.e.App - message   (Logback/Log4j defaults)
 * 2024-05-01T12:34:56.789Z WARN message                   (ISO time, level)
 * [2024-05-01 12:34:56] [INFO] message                    (bracketed)
 * May  1 12:34:56 host sshd[42]: message                  (syslog: time only)
 * </pre>
 * A header needs a timestamp or a level; anything else is a message without a header.
 *
 * <p>Not thread-safe: one instance per miner; {@link #parse} fills this object's fields so that the
 * hot path allocates nothing.
 */
final class LogHeader {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** Whether the last parsed line had a header. */
    boolean present;
    LogLevel level;
    int timeFrom = -1;
    int timeTo = -1;
    int threadFrom = -1;
    int threadTo = -1;
    /** Where the message starts (0 when there is no header). */
    int messageFrom;

    /** Parses {@code line}; returns {@link #present}. */
    boolean parse(String line) {
        present = false;
        level = null;
        timeFrom = timeTo = threadFrom = threadTo = -1;
        messageFrom = 0;
        int n = line.length();
        int p = 0;
        boolean ended = false;
        for (int element = 0; element < 6 && p < n && !ended; element++) {
            char c = line.charAt(p);
            int next;
            if (c == '[') {
                int close = line.indexOf(']', p + 1);
                if (close < 0 || close - p > 80) {
                    break;
                }
                if (!bracket(line, p + 1, close)) {
                    break;
                }
                next = close + 1;
            } else if (c >= '0' && c <= '9') {
                int end = timeEnd(line, p);
                if (end < 0) {
                    break;
                }
                if (timeFrom < 0) {
                    timeFrom = p;
                }
                timeTo = end;
                next = end;
            } else if (c >= 'A' && c <= 'Z' && isMonth(line, p)) {
                int end = p + 3;
                while (end < n && line.charAt(end) == ' ') {
                    end++;
                }
                while (end < n && isDigit(line.charAt(end))) {
                    end++; // the day
                }
                while (end < n && line.charAt(end) == ' ') {
                    end++;
                }
                int t = end < n && isDigit(line.charAt(end)) ? timeEnd(line, end) : -1;
                if (t < 0 || timeFrom >= 0) {
                    break;
                }
                timeFrom = p;
                timeTo = t;
                next = t;
            } else if (c >= 'A' && c <= 'Z') {
                int end = p;
                while (end < n && line.charAt(end) >= 'A' && line.charAt(end) <= 'Z') {
                    end++;
                }
                LogLevel l = LogLevel.parse(line, p, end);
                if (l == null || level != null) {
                    break;
                }
                level = l;
                next = end;
            } else {
                break;
            }
            p = next;
            if (p < n && line.charAt(p) == ':') {
                p++;
                ended = true;
            } else if (p + 1 < n && line.charAt(p) == ' ' && line.charAt(p + 1) == '-' && (p + 2 == n || line.charAt(p + 2) == ' ')) {
                p += 2;
                ended = true;
            }
            while (p < n && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
                p++;
            }
        }
        present = timeFrom >= 0 || level != null;
        messageFrom = present ? p : 0;
        return present;
    }

    /** A bracketed element: a time, {@code thread/LEVEL}, a level, or (after a time or level) a thread. */
    private boolean bracket(String line, int from, int to) {
        if (from >= to) {
            return false;
        }
        char c = line.charAt(from);
        if (c >= '0' && c <= '9') {
            int end = timeEnd(line, from);
            if (end >= to) {
                if (timeFrom < 0) {
                    timeFrom = from;
                    timeTo = to;
                }
                return true;
            }
        }
        int slash = -1;
        for (int i = to - 1; i > from; i--) {
            if (line.charAt(i) == '/') {
                slash = i;
                break;
            }
        }
        if (slash > 0) {
            LogLevel l = LogLevel.parse(line, slash + 1, to);
            if (l != null) {
                level = l;
                threadFrom = from;
                threadTo = slash;
                return true;
            }
        }
        LogLevel l = LogLevel.parse(line, from, to);
        if (l != null) {
            level = l;
            return true;
        }
        if ((timeFrom >= 0 || level != null) && threadFrom < 0 && to - from <= 48) {
            threadFrom = from;
            threadTo = to;
            return true;
        }
        return false;
    }

    /**
     * The end of a timestamp starting at {@code p} (digits and {@code -:.,/TZ+}, with a date part
     * and a time part possibly separated by one space), or -1 when it is no timestamp.
     */
    static int timeEnd(String line, int p) {
        int n = line.length();
        int end = p;
        int colons = 0;
        int dashes = 0;
        int digits = 0;
        while (end < n) {
            char c = line.charAt(end);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == ':') {
                colons++;
            } else if (c == '-' || c == '/') {
                dashes++;
            } else if (c == ' ' && colons == 0 && dashes >= 2 && end + 1 < n && isDigit(line.charAt(end + 1))) {
                // "2024-05-01 12:34:56": the space between date and time
            } else if (!(c == '.' || c == ',' || c == 'T' || c == 'Z' || c == '+')) {
                break;
            }
            end++;
        }
        while (end > p && (line.charAt(end - 1) == ':' || line.charAt(end - 1) == ' ')) {
            end--;
            if (line.charAt(end) == ':') {
                colons--;
            }
        }
        boolean time = colons >= 1 && digits >= 4;
        boolean date = dashes >= 2 && digits >= 6;
        return time || date ? end : -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isMonth(String line, int p) {
        if (p + 4 > line.length() || line.charAt(p + 3) != ' ') {
            return false;
        }
        for (String m : MONTHS) {
            if (line.startsWith(m, p)) {
                return true;
            }
        }
        return false;
    }
}
