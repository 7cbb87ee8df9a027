package dev.talon.ai;

import dev.talon.ai.chat.ChatStore;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.usage.UsageLog;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.PanelJob;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Deletes usage records, insights and conversations older than {@code retention.days}. */
final class RetentionJob implements PanelJob {

    private final UsageLog usage;
    private final Insights insights;
    private final ChatStore conversations;
    private final IntSupplier retentionDays;
    private final Clock clock;

    RetentionJob(UsageLog usage, Insights insights, ChatStore conversations, IntSupplier retentionDays, Clock clock) {
        this.usage = usage;
        this.insights = insights;
        this.conversations = conversations;
        this.retentionDays = retentionDays;
        this.clock = clock;
    }

    @Override
    public String run(JobContext context) {
        int days = retentionDays.getAsInt();
        long cut = clock.millis() - Duration.ofDays(days).toMillis();
        int u = usage.pruneOlderThan(cut);
        int i = insights.pruneOlderThan(cut);
        int c = conversations.pruneOlderThan(cut);
        return "Kept " + days + " days: deleted " + u + " usage records, " + i + " insights and " + c + " conversations";
    }
}
