package dev.talon.ai.analysis.logs;

/**
 * Splits a message into tokens and masks the variable parts generically — numbers, hex, IP
 * addresses and ports, UUIDs, paths, durations, timestamps, quoted strings — so that lines of the
 * same event produce the same tokens. Hand-written character scanning (no regular expressions):
 * this runs for every line.
 *
 * <p>Input is a {@code char[]} the miner filled with the line (array indexing is cheaper than
 * {@code String.charAt} on this path) and which holds a readable sentinel at the end of the range.
 * Output goes to a {@link Sink} piece by piece: the miner hashes the pieces on its fast path
 * (no allocation) and builds token strings only for events it has not seen before. Stateless and
 * thread-safe.
 */
final class Masker {

    static final String NUM = "<NUM>";
    static final String HEX = "<HEX>";
    static final String IP = "<IP>";
    static final String UUID = "<UUID>";
    static final String PATH = "<PATH>";
    static final String DUR = "<DUR>";
    static final String TS = "<TS>";
    static final String STR = "<STR>";
    /** What the miner writes where lines of one template differ. */
    static final String WILDCARD = "<*>";
    /** Stands for the tokens past {@link #MAX_TOKENS}. */
    static final String MORE = "<…>";

    static final int MAX_TOKENS = 40;

    private static final String[] UNITS = {"ms", "s", "ns", "us", "µs", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d", "ticks", "t"};

    /** Receives a message's tokens as pieces: literal text ranges and masks, then an end mark per token. */
    interface Sink {
        void literal(char[] s, int from, int to);

        void mask(String mask);

        void endToken();
    }

    private static final byte DIGIT = 1;
    private static final byte SLASH = 2;
    private static final byte DELIMITER = 4;
    /** What each ASCII character is, for {@link #core}'s first pass. */
    private static final byte[] KIND = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            KIND[c] = DIGIT;
        }
        KIND['/'] = KIND['\\'] = SLASH;
        for (char c : "=[](){}<>,;#\"'".toCharArray()) {
            KIND[c] = DELIMITER;
        }
    }

    private Masker() {}

    /** Tokenizes and masks {@code s[from, to)}; returns the number of tokens emitted. */
    static int tokens(char[] s, int from, int to, int maxTokens, Sink sink) {
        int count = 0;
        int i = from;
        while (i < to) {
            char c = s[i];
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (count == maxTokens) {
                sink.mask(MORE);
                sink.endToken();
                return count + 1;
            }
            int end = i + 1;
            if (c == '"' || c == '\'') {
                int close = closingQuote(s, i, to, c);
                if (close > 0) {
                    sink.mask(STR);
                    int after = close + 1;
                    int stop = after;
                    while (stop < to && s[stop] != ' ' && s[stop] != '\t') {
                        stop++;
                    }
                    if (stop > after) {
                        sink.literal(s, after, stop);
                    }
                    sink.endToken();
                    count++;
                    i = stop;
                    continue;
                }
            }
            while (end < to && s[end] != ' ' && s[end] != '\t') {
                end++;
            }
            token(s, i, end, sink);
            sink.endToken();
            count++;
            i = end;
        }
        return count;
    }

    /** A closing quote that ends a token (followed by blank, punctuation or the end), or -1. */
    private static int closingQuote(char[] s, int open, int to, char q) {
        for (int j = open + 1; j < to; j++) {
            if (s[j] == q) {
                int k = j + 1;
                while (k < to && isTrailingPunct(s[k])) {
                    k++;
                }
                if (k == to || s[k] == ' ' || s[k] == '\t') {
                    return j;
                }
            }
        }
        return -1;
    }

    /** One whitespace-free token: leading and trailing punctuation kept as is, the core classified. */
    static void token(char[] s, int from, int to, Sink sink) {
        int a = from;
        while (a < to && isLeadingPunct(s[a])) {
            a++;
        }
        int b = to;
        while (b > a && isTrailingPunct(s[b - 1])) {
            b--;
        }
        if (a > from) {
            sink.literal(s, from, a);
        }
        if (b > a) {
            core(s, a, b, sink, 0);
        }
        if (to > b) {
            sink.literal(s, b, to);
        }
    }

    private static void core(char[] s, int a, int b, Sink sink, int depth) {
        // Most tokens are words: one pass collecting which kinds of characters occur decides them,
        // and only tokens with digits, slashes or delimiters are counted in detail below.
        int kinds = 0;
        for (int i = a; i < b; i++) {
            char c = s[i];
            kinds |= c < 128 ? KIND[c] : 0;
        }
        if ((kinds & (DIGIT | SLASH | DELIMITER)) == 0) {
            sink.literal(s, a, b);
            return;
        }
        int digits = 0;
        int hexLetters = 0;
        int letters = 0;
        int dots = 0;
        int colons = 0;
        int dashes = 0;
        int slashes = 0;
        int delimiters = 0;
        for (int i = a; i < b; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9') {
                digits++;
            } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                hexLetters++;
                letters++;
            } else if ((c >= 'g' && c <= 'z') || (c >= 'G' && c <= 'Z')) {
                letters++;
            } else if (c == '.') {
                dots++;
            } else if (c == ':') {
                colons++;
            } else if (c == '-') {
                dashes++;
            } else if (c == '/' || c == '\\') {
                slashes++;
            } else if (isDelimiter(c)) {
                delimiters++;
            }
        }
        int n = b - a;
        char first = s[a];
        if (digits == 0) {
            if (slashes > 0 && delimiters == 0 && n > 1 && (first == '/' || first == '~' || slashes >= 2 || isDrive(s, a, b))) {
                sink.mask(PATH);
            } else if (delimiters > 0 && depth < 2) {
                split(s, a, b, sink, depth);
            } else {
                sink.literal(s, a, b);
            }
            return;
        }
        if (isNumber(s, a, b)) {
            sink.mask(NUM);
        } else if (isDuration(s, a, b)) {
            sink.mask(DUR);
        } else if (n == 36 && dashes == 4 && letters == hexLetters && isUuid(s, a)) {
            sink.mask(UUID);
        } else if (n > 2 && first == '0' && (s[a + 1] == 'x' || s[a + 1] == 'X') && letters == hexLetters + 1) {
            sink.mask(HEX);
        } else if (n >= 8 && letters == hexLetters && digits + letters == n) {
            sink.mask(HEX);
        } else if (dots == 3 && isIpv4(s, a, b)) {
            sink.mask(IP);
        } else if (colons >= 2 && letters == hexLetters && delimiters == 0 && slashes == 0 && dots == 0) {
            sink.mask(colons >= 3 || doubleColon(s, a, b) ? IP : TS); // IPv6, or a time such as 12:34:56
        } else if (letters == 0 && delimiters == 0 && ((colons >= 1 && digits >= 3) || (dashes >= 2 && digits >= 6))) {
            sink.mask(TS);
        } else if (letters <= 1 && slashes > 0 && delimiters == 0 && colons == 0 && first != '/') {
            sink.mask(NUM); // 3/20, 10/10
        } else if (slashes > 0 && delimiters == 0 && (first == '/' || first == '~' || slashes >= 2 || isDrive(s, a, b))) {
            sink.mask(PATH);
        } else if ((delimiters > 0 || colons > 0) && depth < 2) {
            split(s, a, b, sink, depth);
        } else {
            digitRuns(s, a, b, sink);
        }
    }

    /** Splits at delimiters ({@code = [ ] ( ) { } < > , ; : #}) and classifies each piece. */
    private static void split(char[] s, int a, int b, Sink sink, int depth) {
        int start = a;
        for (int i = a; i <= b; i++) {
            if (i == b || isDelimiter(s[i]) || s[i] == ':') {
                if (i > start) {
                    int pa = start;
                    int pb = i;
                    core(s, pa, pb, sink, depth + 1);
                }
                if (i < b) {
                    sink.literal(s, i, i + 1);
                }
                start = i + 1;
            }
        }
    }

    /** Masks runs of digits that do not follow a letter: {@code Thread-3} → {@code Thread-<NUM>}, {@code log4j} stays. */
    private static void digitRuns(char[] s, int a, int b, Sink sink) {
        int lit = a;
        int i = a;
        while (i < b) {
            char c = s[i];
            boolean afterLetter = i > a && Character.isLetter(s[i - 1]);
            if (c >= '0' && c <= '9' && !afterLetter) {
                int end = i + 1;
                while (end < b && ((s[end] >= '0' && s[end] <= '9'))) {
                    end++;
                }
                if (end < b && Character.isLetter(s[end])) {
                    i = end; // "2nd", "64bit": a word, not a number
                    continue;
                }
                if (i > lit) {
                    sink.literal(s, lit, i);
                }
                sink.mask(NUM);
                lit = i = end;
            } else {
                i++;
            }
        }
        if (b > lit) {
            sink.literal(s, lit, b);
        }
    }

    static boolean isNumber(char[] s, int a, int b) {
        int i = a;
        if (s[i] == '-' || s[i] == '+') {
            i++;
        }
        int digits = 0;
        int dots = 0;
        for (; i < b; i++) {
            char c = s[i];
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' || (c == ',' && dots == 0)) {
                if (++dots > 1) {
                    return false;
                }
            } else if (c == '%' && i == b - 1) {
                return digits > 0;
            } else {
                return false;
            }
        }
        return digits > 0;
    }

    private static boolean isDuration(char[] s, int a, int b) {
        int i = a;
        while (i < b && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) {
            i++;
        }
        if (i == a || i == b) {
            return false;
        }
        for (String unit : UNITS) {
            if (unit.length() == b - i && same(s, i, unit)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ::} starting inside {@code [a, b)}; {@code s[b]} is readable (the caller's buffer ends in a sentinel). */
    private static boolean doubleColon(char[] s, int a, int b) {
        for (int j = a; j < b; j++) {
            if (s[j] == ':' && s[j + 1] == ':') {
                return true;
            }
        }
        return false;
    }

    private static boolean same(char[] s, int from, String text) {
        for (int k = 0; k < text.length(); k++) {
            if (s[from + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(char[] s, int a) {
        return s[a + 8] == '-' && s[a + 13] == '-' && s[a + 18] == '-' && s[a + 23] == '-';
    }

    private static boolean isIpv4(char[] s, int a, int b) {
        int i = a;
        if (s[i] == '/') {
            i++;
        }
        for (int group = 0; group < 4; group++) {
            int start = i;
            while (i < b && s[i] >= '0' && s[i] <= '9') {
                i++;
            }
            if (i == start || i - start > 3) {
                return false;
            }
            if (group < 3) {
                if (i >= b || s[i] != '.') {
                    return false;
                }
                i++;
            }
        }
        if (i == b) {
            return true;
        }
        if (s[i] != ':') {
            return false;
        }
        i++;
        int start = i;
        while (i < b && s[i] >= '0' && s[i] <= '9') {
            i++;
        }
        return i == b && i > start;
    }

    private static boolean isDrive(char[] s, int a, int b) {
        return b - a > 3 && Character.isLetter(s[a]) && s[a + 1] == ':' && s[a + 2] == '\\';
    }

    private static boolean isDelimiter(char c) {
        return c == '=' || c == '[' || c == ']' || c == '(' || c == ')' || c == '{' || c == '}' || c == '<' || c == '>'
                || c == ',' || c == ';' || c == '#' || c == '"' || c == '\'';
    }

    private static boolean isLeadingPunct(char c) {
        return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' || c == '\'' || c == '#';
    }

    private static boolean isTrailingPunct(char c) {
        return c == '.' || c == ',' || c == ';' || c == ':' || c == ')' || c == ']' || c == '}' || c == '>' || c == '!'
                || c == '?' || c == '"' || c == '\'';
    }
}
