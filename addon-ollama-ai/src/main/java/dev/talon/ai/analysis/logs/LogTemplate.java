package dev.talon.ai.analysis.logs;

import java.util.List;

/**
 * A mined template as reported: what the events look like, how often and when they happened,
 * and a few of them verbatim (untrusted text).
 *
 * @param id {@code T1}, {@code T2}, … in order of first appearance in this miner
 * @param template masked text, {@code <*>} where events differ; a stack trace's exception line follows {@code ⏎}
 * @param count events (a stack trace with its message is one event)
 * @param lines input lines of those events, continuation lines included
 * @param level the most severe level seen, or {@code null} when the lines had none
 * @param firstLine line number (1-based) of the first event
 * @param lastLine line number of the last event
 * @param firstSeen header time of the first event as written in the log, or {@code null}
 * @param lastSeen header time of the last event, or {@code null}
 * @param examples up to three events, each its first lines verbatim
 * @param burst whether events came in a burst: a time window with far more than the template's usual rate
 * @param peakCount events in the busiest window
 * @param peakWindow that window (the header time to the minute, or {@code lines N–M})
 * @param knownAs the fingerprint of the stored template it continues (see {@link TemplateMiner#seed}), or {@code null}
 */
public record LogTemplate(String id, String template, long count, long lines, LogLevel level, long firstLine, long lastLine,
                          String firstSeen, String lastSeen, List<List<String>> examples, boolean burst, int peakCount,
                          String peakWindow, String knownAs) {

    /** Whether this template deserves attention: warnings and worse, stack traces, or bursts. */
    public boolean notable() {
        return (level != null && level.notable()) || template.contains(TemplateMiner.TRACE_MARK) || burst;
    }

    /** A stable fingerprint of the template text, for matching it across runs. */
    public String fingerprint() {
        if (knownAs != null) {
            return knownAs;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < template.length(); i++) {
            h = (h ^ template.charAt(i)) * 0x100000001b3L;
        }
        return Long.toHexString(h);
    }
}
