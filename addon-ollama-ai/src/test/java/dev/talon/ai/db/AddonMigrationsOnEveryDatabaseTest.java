package dev.talon.ai.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.help.DocumentText;
import dev.talon.ai.help.UploadedDocuments;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.presets.Presets;
import dev.talon.ai.usage.UsageLog;
import dev.talon.ai.usage.UsageStats;
import dev.talon.core.db.Database;
import dev.talon.core.db.ScratchDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The add-on's migrations (its own history table) and its repositories on H2, PostgreSQL and
 * MariaDB, each on a fresh database. Unreachable servers are skipped with a message, or fail when
 * {@code TALON_REQUIRE_DATABASES=true} (CI).
 */
class AddonMigrationsOnEveryDatabaseTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ScratchDatabase.Vendor.class)
    void the_addon_migrations_run_after_the_core_and_its_repositories_work(ScratchDatabase.Vendor vendor) throws Exception {
        try (var scratch = ScratchDatabase.create(vendor); var db = Database.open(scratch.url(), scratch.user(), null, 2)) {
            db.migrateCore();
            long files;
            try (var list = Files.list(Path.of("src/main/resources/db/ollama-ai"))) {
                files = list.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            }
            int applied = db.migrate(getClass().getClassLoader(), "flyway_history_ollama_ai", "classpath:db/ollama-ai");
            assertEquals(files, applied, "every add-on migration, once");
            assertEquals(0, db.migrate(getClass().getClassLoader(), "flyway_history_ollama_ai", "classpath:db/ollama-ai"));

            Clock clock = Clock.systemUTC();
            var insights = new Insights(db.jdbi(), clock);
            long id = insights.add("0b7e1c2a-1111-4222-8333-944455556666", "Lobby ✨", 1L, "alert", "logs", "warning",
                    "Can't keep up — 41 times", "The server fell behind.", "Lower view-distance.", "[12:00:01 WARN]: Can't keep up!", null);
            var found = insights.ofServers(List.of("0b7e1c2a-1111-4222-8333-944455556666"), 5);
            assertEquals(1, found.size());
            assertEquals(id, found.getFirst().id());
            assertEquals("Lobby ✨", found.getFirst().serverName());

            new UsageLog(db.jdbi(), activity -> { }, clock).record(new UsageLog.Call(1L, Feature.CHAT, "chat", "llama3.1:8b", 120),
                    UsageLog.Result.ok(30, 200, 350, 1200));
            var stats = new UsageStats(db.jdbi(), clock);
            assertEquals(1L, stats.totals(Duration.ofHours(1)).get("requests"));
            assertEquals(230L, stats.totals(Duration.ofHours(1)).get("tokens"));

            var presets = new Presets(db.jdbi(), clock);
            presets.create("Terse", "Short answers", "llama3.1:8b", "0.3", "256", "One sentence.");
            assertTrue(presets.all().stream().anyMatch(p -> p.name().equals("Terse") && p.temperature() == 0.3));

            // Assistant actions (V4): tool calls on a message, a pending action claimed exactly once.
            var chats = new dev.talon.ai.chat.ChatStore(db.jdbi(), clock);
            var conversation = chats.create(7L, "Restart", "general");
            var calls = chats.add(conversation.id(), new dev.talon.ai.chat.ChatStore.NewMessage("assistant", "", "llama3.1:8b",
                    null, null, null, null, "complete", null, null, "[{\"name\":\"restart_server\",\"arguments\":{}}]", null));
            chats.add(conversation.id(), dev.talon.ai.chat.ChatStore.NewMessage.tool("list_servers", "<data>…</data>"));
            var stored = chats.messages(conversation.id());
            assertEquals("[{\"name\":\"restart_server\",\"arguments\":{}}]", stored.get(0).toolCalls());
            assertEquals("list_servers", stored.get(1).toolName());
            var actions = new dev.talon.ai.actions.ActionStore(db.jdbi(), clock);
            var action = actions.create(conversation.id(), 7L, calls.id(), "restart_server", "0b7e1c2a-1111-4222-8333-944455556666",
                    "Lobby ✨", java.util.Map.of("command", "say \"hi\" <b>"), "Restart Lobby ✨");
            assertEquals(java.util.Map.of("command", "say \"hi\" <b>"), actions.find(7L, action.id()).orElseThrow().arguments());
            assertTrue(actions.find(8L, action.id()).isEmpty(), "another owner's action is absent");
            assertTrue(actions.anyPending(conversation.id()));
            assertFalse(actions.claim(8L, action.id(), "running"));
            assertTrue(actions.claim(7L, action.id(), "running"));
            assertFalse(actions.claim(7L, action.id(), "running"), "claimed once");
            assertFalse(actions.anyPending(conversation.id()));
            // V7: the wider status column takes 'interrupted' and 'expired'.
            var interrupted = actions.interruptRunning(a -> "Interrupted: " + a.summary());
            assertEquals(List.of(action.id()), interrupted.stream().map(dev.talon.ai.actions.PendingAction::id).toList());
            assertEquals("interrupted", actions.find(7L, action.id()).orElseThrow().status());
            var waiting = actions.create(conversation.id(), 7L, calls.id(), "stop_server", "0b7e1c2a-1111-4222-8333-944455556666",
                    "Lobby ✨", java.util.Map.of(), "Stop Lobby ✨");
            assertEquals(1, actions.expirePending(conversation.id(), a -> "Not done").size());
            assertEquals("expired", actions.find(7L, waiting.id()).orElseThrow().status());
            assertEquals("Not done", actions.find(7L, waiting.id()).orElseThrow().result());
            assertTrue(actions.expirePending(conversation.id(), a -> "Not done").isEmpty(), "expired once");
            assertEquals(1, chats.toolRounds(conversation.id()));
            assertTrue(chats.delete(7L, conversation.id()));
            assertTrue(actions.forConversation(conversation.id()).isEmpty());

            // Uploaded help documents (V5): a long text survives, the same file name replaces, delete removes.
            var docs = new UploadedDocuments(db.jdbi(), clock);
            String longText = "Geyser lets Bedrock players join — ✨ ".repeat(5_000);
            var saved = docs.save("Bedrock.md", "Bedrock", new DocumentText.Extracted(DocumentText.Kind.MARKDOWN, longText), 190_000, 1L);
            assertEquals(false, saved.replaced());
            assertEquals(longText, docs.all().getFirst().content());
            var again = docs.save("Bedrock.md", "Bedrock v2", new DocumentText.Extracted(DocumentText.Kind.PDF, "v2"), 2, 1L);
            assertTrue(again.replaced());
            assertEquals(List.of("Bedrock v2"), docs.all().stream().map(UploadedDocuments.Stored::title).toList());
            assertTrue(docs.delete(again.stored().id()));
            assertTrue(docs.all().isEmpty());
        }
    }
}
