package dev.talon.ai.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a new report as a JSON POST to {@code reports.webhook_url} (when set): one attempt
 * with a 10 s timeout, on the job's thread. A failed delivery is logged, not retried: the report
 * is stored all the same and can be downloaded from AI Analytics.
 */
public final class ReportWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(ReportWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<String> url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ReportWebhook(Supplier<String> url) {
        this.url = url;
    }

    /** @return the response status, or 0 when nothing was sent or the call failed */
    public int deliver(long id, String period, String serverUuid, long from, long to, String title, String markdown, boolean aiSummary) {
        String target = url.get();
        if (target == null || target.isBlank()) {
            return 0;
        }
        var body = JSON.createObjectNode()
                .put("event", "ai.report")
                .put("id", id)
                .put("period", period)
                .put("server_uuid", serverUuid)
                .put("period_start", Instant.ofEpochMilli(from).toString())
                .put("period_end", Instant.ofEpochMilli(to).toString())
                .put("title", title)
                .put("ai_summary", aiSummary)
                .put("markdown", markdown);
        try {
            var request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("User-Agent", "Talon-ollama-ai")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                LOG.warn("Report webhook {} answered {} for report {}", target, status, id);
            }
            return status;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Report webhook {} failed for report {}: {}", target, id, e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
