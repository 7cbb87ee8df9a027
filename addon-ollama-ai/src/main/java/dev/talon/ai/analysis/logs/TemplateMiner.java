package dev.talon.ai.analysis.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * A streaming log-template miner after Drain (He et al., ICWS 2017): a fixed-depth parse tree
 * (token count → first token → clusters) and a similarity threshold decide which template an
 * event belongs to; positions where events of one template differ become {@code <*>}.
 *
 * <p>Before mining, each line's header (time, thread, level) is recognised by {@link LogHeader}
 * and only the message is used; variables are masked by {@link Masker}. Multi-line events — a
 * message followed by a stack trace ({@code \tat …}, {@code Caused by:}, an exception line,
 * {@code ... 12 more}, Python tracebacks) — are joined into one event whose template is the
 * message plus {@code ⏎} and the exception line.
 *
 * <p>Parts: {@link LogHeader} (headers), {@link StackTraces} (which lines continue an event),
 * {@link Masker} (tokens and masks), {@link ParseTree} (Drain's tree), {@link ShapeHash} and
 * {@link ShapeCache} (the fast path); this class assembles events and keeps their counts.
 *
 * <p>Speed: an event whose masked tokens were seen before is found by a 64-bit hash of its pieces
 * without building any string (the common case); only new shapes walk the tree. Memory is bounded:
 * at most {@link Settings#maxClusters} templates (later new shapes count under one overflow
 * template), three examples of at most twelve lines each per template, a bounded hash cache, and
 * one pending event. Nothing keeps the input.
 *
 * <p>Not thread-safe: one miner per stream, fed from one thread.
 */
public final class TemplateMiner {

    /** Separates a message from its stack trace's exception line in a template. */
    public static final String TRACE_MARK = "⏎";

    /**
     * Tuning.
     *
     * @param similarity share of equal tokens for an event to join a template with the same first token (Drain's st)
     * @param crossPrefixSimilarity the same across different first tokens (a name at the start of a line)
     * @param maxClusters templates kept; later new shapes are counted under an overflow template
     * @param maxChildren first tokens per token count before the rest share one {@code <*>} branch
     */
    public record Settings(double similarity, double crossPrefixSimilarity, int maxClusters, int maxChildren) {
        public static Settings defaults() {
            return new Settings(0.5, 0.75, 5_000, 100);
        }
    }

    /** Receives each event once it is complete, in input order. */
    @FunctionalInterface
    public interface EventSink {
        /** Lines {@code firstLine .. firstLine + lineCount - 1} (1-based) form one event of {@code cluster}. */
        void event(long firstLine, int lineCount, Cluster cluster);
    }

    private static final int CACHE_LIMIT = 200_000;

    private final Settings settings;
    private final EventSink sink;
    private final LogHeader header = new LogHeader();
    private final ShapeHash shapeHash = new ShapeHash();
    private final ShapeCache byHash = new ShapeCache(CACHE_LIMIT);
    private final ParseTree tree;
    /** The line being masked, copied once so the scanners index an array (ends in a sentinel, see {@link Masker}). */
    private char[] chars = new char[256];

    private long lineNo;
    private long events;
    private long bucketKey = Long.MIN_VALUE;
    private long buckets;

    // the pending (not yet complete) event
    private String head;
    private boolean headHasHeader;
    private LogLevel headLevel;
    private int headMessageFrom;
    private int headTimeFrom;
    private int headTimeTo;
    private long headLine;
    private int headLines;
    private String traceLine;
    private final List<String> pendingLines = new ArrayList<>();

    public TemplateMiner(Settings settings, EventSink sink) {
        this.settings = settings;
        this.sink = sink;
        this.tree = new ParseTree(settings);
    }

    /** A miner with default settings that reports events nowhere (read {@link #templates()} at the end). */
    public TemplateMiner() {
        this(Settings.defaults(), (first, count, cluster) -> { });
    }

    /** Feeds the next line (without its line ending). */
    public void accept(String line) {
        lineNo++;
        boolean parsed = head != null; // continues() parses the header of a line that starts an event
        if (parsed && continues(line)) {
            headLines++;
            if (pendingLines.size() < Cluster.MAX_EXAMPLE_LINES) {
                pendingLines.add(line);
            }
            return;
        }
        flush();
        if (!parsed) {
            header.parse(line);
        }
        head = line;
        headHasHeader = header.present;
        headLevel = header.level;
        headMessageFrom = header.messageFrom;
        headTimeFrom = header.timeFrom;
        headTimeTo = header.timeTo;
        headLine = lineNo;
        headLines = 1;
        traceLine = null;
        pendingLines.clear();
        pendingLines.add(line);
    }

    /** Completes the last event; call at the end of the input (more lines may follow afterwards). */
    public void finish() {
        flush();
    }

    /**
     * Starts from a template found earlier (e.g. by a previous run on the same server), so events
     * of it keep its identity: their snapshot reports {@code knownAs = fingerprint} even when the
     * template generalizes further. Call before feeding lines.
     */
    public void seed(String fingerprint, String template) {
        String[] tokens = template.isEmpty() ? new String[0] : template.split(" ");
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].equals(Masker.WILDCARD)) {
                tokens[i] = Masker.WILDCARD; // the constant: similarity() compares it by identity
            }
        }
        Cluster c = new Cluster(tree.nextId(), tokens);
        c.knownAs = fingerprint;
        tree.add(c);
    }

    /** Lines read so far. */
    public long lines() {
        return lineNo;
    }

    /** Events completed so far. */
    public long events() {
        return events;
    }

    /** Snapshots of all templates, in order of first appearance. */
    public List<LogTemplate> templates() {
        List<LogTemplate> out = new ArrayList<>(tree.clusters().size() + 1);
        for (Cluster c : tree.clusters()) {
            if (c.count > 0) {
                out.add(snapshot(c));
            }
        }
        if (tree.overflow() != null) {
            out.add(snapshot(tree.overflow()));
        }
        return out;
    }

    /**
     * Whether {@code line} continues the pending event. Parses the line's header as a side effect
     * (used by {@link #accept} when it starts a new event).
     */
    private boolean continues(String line) {
        header.present = false;
        header.level = null;
        header.messageFrom = 0;
        header.timeFrom = header.timeTo = -1;
        if (line.isEmpty()) {
            return true;
        }
        if (StackTraces.alwaysContinues(line)) {
            noteTrace(line);
            return true;
        }
        if (header.parse(line)) {
            return false;
        }
        if (headHasHeader && StackTraces.continuesHeaded(line)) {
            noteTrace(line);
            return true;
        }
        return false;
    }

    private void noteTrace(String line) {
        if (traceLine == null) {
            traceLine = StackTraces.traceLine(line, headLines);
        }
    }

    private void flush() {
        if (head == null) {
            return;
        }
        shapeHash.reset();
        int to = load(head);
        Masker.tokens(chars, headMessageFrom, to, Masker.MAX_TOKENS, shapeHash);
        if (traceLine != null) {
            shapeHash.mark();
            Masker.tokens(chars, 0, load(traceLine), 16, shapeHash);
        }
        long hash = shapeHash.value();
        Cluster cluster = byHash.get(hash);
        if (cluster == null) {
            cluster = tree.place(materialize());
            byHash.put(hash, cluster);
        }
        LogLevel level = headLevel;
        if (level == null && traceLine != null) {
            level = LogLevel.ERROR;
        }
        record(cluster, level);
        events++;
        sink.event(headLine, headLines, cluster);
        head = null;
    }

    /** Copies {@code s} into {@link #chars} followed by a sentinel; returns its length. */
    private int load(String s) {
        int n = s.length();
        if (chars.length <= n) {
            chars = new char[Math.max(n + 1, chars.length * 2)];
        }
        s.getChars(0, n, chars, 0);
        chars[n] = 0;
        return n;
    }

    private String[] materialize() {
        var list = new TokenList();
        Masker.tokens(chars, headMessageFrom, load(head), Masker.MAX_TOKENS, list);
        if (traceLine != null) {
            list.out.add(TRACE_MARK);
            Masker.tokens(chars, 0, load(traceLine), 16, list);
        }
        return list.out.toArray(String[]::new);
    }

    private void record(Cluster c, LogLevel level) {
        c.count++;
        c.lines += headLines;
        c.level = LogLevel.max(c.level, level);
        if (c.count == 1) {
            c.firstLine = headLine;
            c.firstTime = headTimeFrom >= 0 ? head.substring(headTimeFrom, headTimeTo) : null;
        }
        c.lastLine = headLine;
        c.lastSeenLine = head;
        c.lastTimeFrom = headTimeFrom;
        c.lastTimeTo = headTimeTo;
        if (c.examples.size() < Cluster.MAX_EXAMPLES) {
            c.examples.add(List.copyOf(pendingLines));
        }
        long key = bucketOf();
        if (key != bucketKey) {
            bucketKey = key;
            buckets++;
        }
        if (c.bucket != key) {
            c.bucket = key;
            c.bucketCount = 0;
        }
        if (++c.bucketCount > c.peakCount) {
            c.peakCount = c.bucketCount;
            if (c.peakBucket != key) {
                c.peakBucket = key;
                c.peakLabel = windowLabel();
            }
        }
    }

    /** The current event's time window: its header time to the minute, else its block of 1,000 lines. */
    private long bucketOf() {
        if (headTimeFrom < 0) {
            return -1 - (headLine - 1) / 1000;
        }
        int end = head.lastIndexOf(':', headTimeTo - 1);
        if (end < headTimeFrom) {
            end = headTimeTo;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = headTimeFrom; i < end; i++) {
            h = (h ^ head.charAt(i)) * 0x100000001b3L;
        }
        return h & Long.MAX_VALUE;
    }

    private String windowLabel() {
        if (headTimeFrom < 0) {
            long block = (headLine - 1) / 1000;
            return "lines " + (block * 1000 + 1) + "–" + (block * 1000 + 1000);
        }
        int end = head.lastIndexOf(':', headTimeTo - 1);
        return head.substring(headTimeFrom, end < headTimeFrom ? headTimeTo : end);
    }

    private LogTemplate snapshot(Cluster c) {
        double expected = buckets == 0 ? c.count : (double) c.count / buckets;
        boolean burst = buckets >= 3 && c.peakCount >= 20 && c.peakCount >= 5 * expected;
        String peak = c.peakLabel;
        String lastTime = c.lastTimeFrom >= 0 ? c.lastSeenLine.substring(c.lastTimeFrom, c.lastTimeTo) : null;
        return new LogTemplate(c.id(), c.template(), c.count, c.lines, c.level, c.firstLine, c.lastLine, c.firstTime, lastTime,
                List.copyOf(c.examples), burst, c.peakCount, peak, c.knownAs);
    }
}
