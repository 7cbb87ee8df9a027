package dev.talon.ai.insights;

/**
 * A finding about a server or the panel, with the evidence behind it (quoted log lines, numbers),
 * so users can check it rather than trust it.
 *
 * @param kind {@code insight}, {@code alert} or {@code recommendation}
 * @param category {@code logs}, {@code performance}, {@code security} or {@code report}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param model the model that wrote the explanation, or {@code null} when only rules found it
 */
public record Insight(long id, long createdAt, String serverUuid, String serverName, Long ownerId, String kind, String category,
                      String severity, String title, String explanation, String recommendation, String evidence, String model,
                      Long resolvedAt) {

    public static final java.util.List<String> KINDS = java.util.List.of("insight", "alert", "recommendation");
    public static final java.util.List<String> SEVERITIES = java.util.List.of("info", "warning", "critical");
}
