package dev.talon.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.chat.ChatStore;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.usage.UsageLog;
import dev.talon.api.jobs.JobContext;
import dev.talon.core.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionJobTest {

    private static long count(Database db, String table) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void deletes_usage_insights_and_conversations_older_than_the_retention_and_keeps_the_rest(@TempDir Path dir) throws Exception {
        try (var db = Database.open(Database.h2Url(dir), null, null, 2)) {
            db.migrateCore();
            db.migrate(getClass().getClassLoader(), "flyway_history_ollama_ai", "classpath:db/ollama-ai");
            Instant now = Instant.parse("2026-11-22T04:00:00Z");
            Clock old = Clock.fixed(now.minus(Duration.ofDays(40)), ZoneOffset.UTC);
            Clock recent = Clock.fixed(now.minus(Duration.ofDays(2)), ZoneOffset.UTC);
            for (Clock when : new Clock[] {old, recent}) {
                new UsageLog(db.jdbi(), a -> { }, when).record(new UsageLog.Call(1L, Feature.CHAT, "chat", "m:1", 10),
                        UsageLog.Result.ok(1, 1, 5, 10));
                new Insights(db.jdbi(), when).add(null, null, null, "insight", "logs", "info", "t", null, null, null, null);
                new ChatStore(db.jdbi(), when).create(1L, "hello", "builtin:general");
            }
            var job = new RetentionJob(new UsageLog(db.jdbi(), a -> { }, Clock.fixed(now, ZoneOffset.UTC)),
                    new Insights(db.jdbi(), Clock.fixed(now, ZoneOffset.UTC)), new ChatStore(db.jdbi(), Clock.fixed(now, ZoneOffset.UTC)),
                    () -> 30, Clock.fixed(now, ZoneOffset.UTC));
            String summary = job.run(new JobContext() {
                @Override
                public Instant scheduledAt() {
                    return now;
                }

                @Override
                public boolean manual() {
                    return true;
                }
            });
            assertTrue(summary.contains("1 usage records, 1 insights and 1 conversations"), summary);
            assertEquals(1, count(db, "ai_usage"));
            assertEquals(1, count(db, "ai_insights"));
            assertEquals(1, count(db, "ai_conversations"));
        }
    }
}
