package dev.talon.ai.config;

import dev.talon.ai.config.Setting.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every configuration key of the add-on, in the order AI Settings shows them. */
public final class Settings {

    public static final List<Setting> ALL = List.of(
            bool("enabled", "true", "AI_ENABLED", "Turns the whole add-on on or off"),
            new Setting("ollama.host", Type.HOSTS, "localhost", 0, 0, "OLLAMA_HOST", "Ollama host(s): host, host:port or URL; several separated by commas"),
            new Setting("ollama.port", Type.INTEGER, "11434", 1, 65535, "OLLAMA_PORT", "Port used when a host gives none"),
            new Setting("ollama.timeout", Type.DURATION_SECONDS, "300", 1, 3600, "OLLAMA_TIMEOUT", "Seconds to wait for the first byte of an answer (model loads are slow)"),
            model("ollama.models.chat", "llama3.1:8b", "AI_CHAT_MODEL", "Model for the assistant"),
            model("ollama.models.code", "codellama:7b", "AI_CODE_MODEL", "Model for code and console help"),
            model("ollama.models.analysis", "mistral:7b", "AI_ANALYSIS_MODEL", "Model for log and performance analysis"),
            model("ollama.models.security", "mistral:7b", null, "Model for security reviews"),
            model("ollama.models.docs", "llama3.1:8b", null, "Model for help-centre answers"),
            model("ollama.models.embedding", "nomic-embed-text", null, "Embedding model for search"),
            bool("features.chat_support", "true", null, "Floating assistant and chat support"),
            bool("features.server_analysis", "true", null, "Scheduled log analysis"),
            bool("features.performance_monitoring", "true", null, "Anomaly detection on server metrics"),
            bool("features.security_scanning", "true", null, "Security monitor"),
            bool("features.code_generation", "true", null, "Code and console assistance"),
            bool("features.predictive_analytics", "true", null, "Trend predictions (memory leaks, disk full)"),
            new Setting("limits.max_chat_history", Type.INTEGER, "50", 1, 1000, null, "Messages of history sent with a chat turn"),
            new Setting("limits.chat_rate", Type.INTEGER, "20", 1, 10000, null, "Messages a user may send to the assistant per 5 minutes"),
            new Setting("limits.chat_message_chars", Type.INTEGER, "4000", 100, 100000, null, "Longest message a user may send to the assistant, in characters"),
            new Setting("limits.chat_history_tokens", Type.INTEGER, "6000", 256, 1000000, null, "Token budget for history and context sent with a chat turn (estimated as characters / 4)"),
            new Setting("limits.tool_rounds_per_conversation", Type.INTEGER, "50", 1, 10000, null, "Tool rounds (the assistant reading panel data or proposing actions) one conversation may take in all; then the assistant answers without tools there"),
            new Setting("limits.analysis_interval", Type.DURATION_SECONDS, "300", 30, 86400, null, "Seconds between analysis runs"),
            new Setting("limits.leak_min_minutes", Type.INTEGER, "20", 3, 1440, null, "Minutes memory must rise steadily before it is reported as a leak (shorter can mistake a warm-up for a leak)"),
            // The only guard in front of Ollama, which queues without limit. 10 suits one host with
            // OLLAMA_NUM_PARALLEL at its default; up to 1,000 for a pool of hosts (a held stream
            // costs the panel a virtual thread and ~150 KiB of heap: docs/BENCHMARKS.md).
            new Setting("limits.max_concurrent_requests", Type.INTEGER, "10", 1, 1000, null, "Requests to Ollama at once (all hosts together); more wait, then get 429"),
            new Setting("gateway.models", Type.MODEL_LIST, "*", 0, 0, null, "Models the Ollama-compatible gateway serves: names separated by commas, * for all installed"),
            new Setting("gateway.rate", Type.INTEGER, "60", 1, 100000, null, "Gateway requests per API key per minute"),
            new Setting("reports.webhook_url", Type.URL, "", 0, 0, null, "URL each new AI report is POSTed to as JSON; empty for none"),
            new Setting("reports.email.to", Type.EMAILS, "", 0, 0, null, "Addresses each new AI report is e-mailed to, separated by commas; empty for none"),
            new Setting("reports.email.from", Type.EMAIL, "", 0, 0, null, "Sender address of report e-mails"),
            new Setting("reports.smtp.host", Type.HOST, "", 0, 0, null, "SMTP server for report e-mails; empty: no e-mail"),
            new Setting("reports.smtp.port", Type.INTEGER, "587", 1, 65535, null, "SMTP port (587 STARTTLS, 465 TLS, 25 plain)"),
            new Setting("reports.smtp.tls", Type.TLS_MODE, "starttls", 0, 0, null, "starttls (required), tls (from the first byte) or none"),
            new Setting("reports.smtp.username", Type.TEXT, "", 0, 0, null, "SMTP user name; empty: no authentication"),
            new Setting("reports.smtp.password", Type.SECRET, "", 0, 0, null, "SMTP password (never shown again; leave empty to keep it)"),
            new Setting("retention.days", Type.INTEGER, "90", 1, 3650, null, "Days conversations, analyses and usage records are kept"));

    private static final Map<String, Setting> BY_KEY;

    static {
        var map = new LinkedHashMap<String, Setting>();
        ALL.forEach(s -> map.put(s.key(), s));
        BY_KEY = Map.copyOf(map);
    }

    private Settings() {}

    public static Optional<Setting> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The setting, or an {@link Setting.InvalidSetting} saying the key is unknown. */
    public static Setting require(String key) {
        return find(key).orElseThrow(() -> new Setting.InvalidSetting(key, "", "is not a setting of the ollama-ai add-on"));
    }

    private static Setting bool(String key, String def, String env, String description) {
        return new Setting(key, Type.BOOLEAN, def, 0, 0, env, description);
    }

    private static Setting model(String key, String def, String env, String description) {
        return new Setting(key, Type.MODEL, def, 0, 0, env, description);
    }
}
