package dev.talon.ai.analysis.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * One template the miner has found and its running statistics. Mutated only by the miner's
 * thread; read it through {@link TemplateMiner#templates()} snapshots or inside a
 * {@link TemplateMiner.EventSink} callback.
 */
public final class Cluster {

    static final int MAX_EXAMPLES = 3;
    static final int MAX_EXAMPLE_LINES = 12;

    private final String id;
    /** The fingerprint of the stored template this cluster was seeded from, or {@code null}. */
    String knownAs;
    final String[] tokens;
    private String text;
    long count;
    long lines;
    LogLevel level;
    long firstLine;
    long lastLine;
    String firstTime;
    String lastSeenLine;
    int lastTimeFrom = -1;
    int lastTimeTo = -1;
    final List<List<String>> examples = new ArrayList<>(MAX_EXAMPLES);
    // bursts: events per time bucket (a minute of the header time, else 1,000 lines)
    long bucket = Long.MIN_VALUE;
    int bucketCount;
    int peakCount;
    long peakBucket = Long.MIN_VALUE;
    String peakLabel;

    Cluster(String id, String[] tokens) {
        this.id = id;
        this.tokens = tokens;
    }

    /** Stable within one miner: {@code T1}, {@code T2}, … in order of first appearance. */
    public String id() {
        return id;
    }

    /** The template: tokens joined by spaces, {@code <*>} where its events differ. */
    public String template() {
        String t = text;
        if (t == null) {
            t = text = String.join(" ", tokens);
        }
        return t;
    }

    public long count() {
        return count;
    }

    void generalize(String[] other) {
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].equals(other[i]) && !tokens[i].equals(Masker.WILDCARD)) {
                tokens[i] = Masker.WILDCARD;
                text = null;
            }
        }
    }

    /** Share of positions where the template equals the tokens ({@code <*>} matches anything). */
    double similarity(String[] other) {
        int same = 0;
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t == Masker.WILDCARD || t.equals(other[i])) {
                same++;
            }
        }
        return tokens.length == 0 ? 1 : (double) same / tokens.length;
    }
}
