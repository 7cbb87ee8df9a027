package dev.talon.ai.insights;

/**
 * A finding about a server or the panel, with the evidence behind it (quoted log lines, numbers),
 * so users can check it rather than trust it.
 *
 * @param kind {@code insight}, {@code alert} or {@code recommendation}
 * @param category {@code logs}, {@code performance}, {@code security} or {@code report}
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param model the model that wrote the explanation, or {@code null} when only rules found it
 * @param aiStatus {@code none} (no model involved), {@code pending} (found by rules, no AI summary
 *     yet: completed when Ollama is reachable) or {@code done}
 * @param fingerprint what makes two findings the same (e.g. a log template's hash), or {@code null}
 */
public record Insight(long id, long createdAt, String serverUuid, String serverName, Long ownerId, String kind, String category,
                      String severity, String title, String explanation, String recommendation, String evidence, String model,
                      Long resolvedAt, String aiStatus, String fingerprint, Long acknowledgedAt, Long dismissedAt) {

    /** Whether the model has not explained this finding yet ("no AI summary yet"). */
    public boolean awaitingAi() {
        return "pending".equals(aiStatus);
    }

    public static final java.util.List<String> KINDS = java.util.List.of("insight", "alert", "recommendation");
    public static final java.util.List<String> SEVERITIES = java.util.List.of("info", "warning", "critical");
}
