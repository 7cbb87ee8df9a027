package dev.talon.ai.insights;

/**
 * Something the analysis found by exact rules, before any model explains it.
 *
 * @param kind {@code insight}, {@code alert} or {@code recommendation}
 * @param category {@code logs}, {@code performance} or {@code security}
 * @param title what happened, from the rule (never from the model)
 * @param facts the rule's own one-line account of the numbers (shown until the model explains)
 * @param evidence the log lines (quoted) and numbers behind it
 * @param fingerprint what makes two findings the same, to avoid repeating an open one
 */
public record Finding(String serverUuid, String serverName, Long ownerId, String kind, String category, String severity, String title,
                      String facts, String evidence, String fingerprint) {}
