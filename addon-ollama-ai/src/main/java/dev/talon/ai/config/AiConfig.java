package dev.talon.ai.config;

import java.time.Duration;

/**
 * The add-on's configuration as typed values: an immutable snapshot of {@link ResolvedConfig}.
 * Code reads the current snapshot per use, so a change in AI Settings applies without a restart.
 */
public record AiConfig(
        boolean enabled,
        String hosts,
        int port,
        Duration timeout,
        Models models,
        Features features,
        int maxChatHistory,
        Duration analysisInterval,
        Duration leakMinSpan,
        int maxConcurrentRequests,
        int retentionDays) {

    /** The model for each use. */
    public record Models(String chat, String code, String analysis, String security, String docs, String embedding) {}

    /** Feature toggles; each really turns its feature off (routes 404, widgets and menu items hidden, jobs skip). */
    public record Features(boolean chatSupport, boolean serverAnalysis, boolean performanceMonitoring,
                           boolean securityScanning, boolean codeGeneration, boolean predictiveAnalytics) {}

    static AiConfig from(ResolvedConfig r) {
        return new AiConfig(
                r.bool("enabled"),
                r.value("ollama.host"),
                r.integer("ollama.port"),
                Duration.ofSeconds(r.integer("ollama.timeout")),
                new Models(r.value("ollama.models.chat"), r.value("ollama.models.code"), r.value("ollama.models.analysis"),
                        r.value("ollama.models.security"), r.value("ollama.models.docs"), r.value("ollama.models.embedding")),
                new Features(r.bool("features.chat_support"), r.bool("features.server_analysis"),
                        r.bool("features.performance_monitoring"), r.bool("features.security_scanning"),
                        r.bool("features.code_generation"), r.bool("features.predictive_analytics")),
                r.integer("limits.max_chat_history"),
                Duration.ofSeconds(r.integer("limits.analysis_interval")),
                Duration.ofMinutes(r.integer("limits.leak_min_minutes")),
                r.integer("limits.max_concurrent_requests"),
                r.integer("retention.days"));
    }

    /** Whether a feature is usable now: the add-on and the feature are both on. */
    public boolean on(boolean feature) {
        return enabled && feature;
    }
}
