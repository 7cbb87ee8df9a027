package dev.talon.ai.analysis.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.ai.analysis.AnalysisFixture;
import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.analysis.PendingCompleter;
import dev.talon.ai.insights.Insight;
import dev.talon.ai.insights.Insights;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.api.ActivityLog;
import dev.talon.api.PanelUser;
import dev.talon.api.UserDirectory;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.servers.ServerDirectory;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The security monitor over an in-memory activity log, with the add-on's real tables on H2 and Ollama down. */
class MonitorSecurityThreatsTest {

    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final String SERVER = "11111111-2222-3333-4444-555555555555";

    /** An activity log kept in a list, read as the host's: ids increasing, prefix filter, limit. */
    static final class MemoryActivity implements ActivityLog {
        final List<Recorded> entries = new ArrayList<>();

        @Override
        public void record(Activity a) {
            add(a.actorId(), a.action(), a.subject(), a.ip(), "{}", T0);
        }

        Recorded add(Long actor, String action, String subject, String ip, String metadata, long at) {
            var r = new Recorded(entries.size() + 1, actor, action, subject, ip, metadata, at);
            entries.add(r);
            return r;
        }

        @Override
        public List<Recorded> since(long afterId, String actionPrefix, int limit) {
            return entries.stream().filter(e -> e.id() > afterId && e.action().startsWith(actionPrefix)).limit(limit).toList();
        }
    }

    private final AnalysisFixture fx = new AnalysisFixture();
    private final MemoryActivity activity = new MemoryActivity();
    private final OllamaClient client = AnalysisFixture.client(deadHost());
    private final UserDirectory users = new UserDirectory() {
        @Override
        public Optional<PanelUser> find(long id) {
            return Optional.of(new PanelUser(id, id == 1 ? "admin@example.com" : "user" + id + "@example.com", "U", id == 1));
        }

        @Override
        public Optional<PanelUser> findByEmail(String email) {
            return Optional.empty();
        }
    };
    private final ServerDirectory servers = new ServerDirectory() {
        @Override
        public List<ServerInfo> list() {
            return List.of(new ServerInfo(SERVER, "11111111", "Survival", 2L, "running", 1L << 30, 1L << 34));
        }

        @Override
        public LogRead readLog(String serverUuid, long offset, int maxBytes) {
            return new LogRead(List.of(), 0, false);
        }

        @Override
        public List<MetricPoint> metrics(String serverUuid, Instant from) {
            return List.of();
        }
    };

    @AfterEach
    void close() {
        client.close();
        fx.close();
    }

    private MonitorSecurityThreats job(long nowMillis) {
        Clock clock = Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        var explainer = new Explainer(() -> client, fx.usage(), 12_000);
        return new MonitorSecurityThreats(activity, users, servers, new Insights(fx.database.jdbi(), clock), fx.store,
                new PendingCompleter(fx.insights, explainer), AnalysisFixture::config, clock);
    }

    private static final JobContext RUN = new JobContext() {
        @Override
        public Instant scheduledAt() {
            return Instant.now();
        }

        @Override
        public boolean manual() {
            return true;
        }
    };

    private void failed(String email, String ip, long at) {
        activity.add(null, "auth.login.failed", "user:" + email, ip, "{\"reason\":\"bad credentials\"}", at);
    }

    private List<Insight> alerts() {
        return fx.insights.search(new Insights.Filter(null, "security", null, null, null), 100, 0);
    }

    @Test
    void five_failed_sign_ins_for_one_account_within_ten_minutes_raise_one_alert_with_the_entries_and_addresses() {
        for (int i = 0; i < 5; i++) {
            failed("victim@example.com", "203.0.113." + (i % 2 + 1), T0 + i * 30_000);
        }
        failed("other@example.com", "198.51.100.7", T0);
        job(T0 + 200_000).run(RUN);

        List<Insight> alerts = alerts();
        assertEquals(1, alerts.size(), alerts.toString());
        Insight alert = alerts.get(0);
        assertEquals("5 failed sign-ins for victim@example.com within 10 min", alert.title());
        assertEquals("alert", alert.kind());
        assertTrue(alert.awaitingAi(), "Ollama is down: no AI summary yet");
        assertTrue(alert.evidence().contains("[203.0.113.1, 203.0.113.2]"), alert.evidence());
        assertEquals(5, alert.evidence().lines().filter(l -> l.startsWith("> #")).count(), alert.evidence());
        assertEquals(6, fx.store.cursor(MonitorSecurityThreats.PANEL, MonitorSecurityThreats.SOURCE, 0));

        job(T0 + 260_000).run(RUN);
        assertEquals(1, alerts().size(), "nothing new, nothing repeated");
        failed("victim@example.com", "203.0.113.1", T0 + 250_000);
        job(T0 + 300_000).run(RUN);
        assertEquals(1, alerts().size(), "the same burst going on is not a second alert while the first is open");
    }

    @Test
    void failures_spread_wider_than_the_window_raise_nothing_and_a_burst_split_across_two_runs_is_seen_whole() {
        for (int i = 0; i < 5; i++) {
            failed("slow@example.com", "203.0.113.1", T0 + i * 4 * 60_000L);
        }
        job(T0 + 20 * 60_000L).run(RUN);
        assertEquals(0, alerts().size(), "5 failures over 16 minutes are no burst");

        failed("split@example.com", "203.0.113.9", T0 + 21 * 60_000L);
        failed("split@example.com", "203.0.113.9", T0 + 21 * 60_000L + 1000);
        failed("split@example.com", "203.0.113.9", T0 + 21 * 60_000L + 2000);
        job(T0 + 22 * 60_000L).run(RUN);
        assertEquals(0, alerts().size());
        failed("split@example.com", "203.0.113.9", T0 + 23 * 60_000L);
        failed("split@example.com", "203.0.113.9", T0 + 23 * 60_000L + 1000);
        job(T0 + 24 * 60_000L).run(RUN);
        assertEquals(List.of("5 failed sign-ins for split@example.com within 10 min"), alerts().stream().map(Insight::title).toList());
    }

    @Test
    void ten_failures_from_one_address_across_accounts_are_an_address_burst() {
        for (int i = 0; i < 10; i++) {
            failed("user" + i + "@example.com", "192.0.2.66", T0 + i * 1000);
        }
        job(T0 + 60_000).run(RUN);
        List<Insight> alerts = alerts();
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("10 failed sign-ins from 192.0.2.66 within 10 min", alerts.get(0).title());
        assertTrue(alerts.get(0).evidence().contains("user9@example.com"));
    }

    @Test
    void a_root_admin_signing_in_from_a_new_address_is_an_alert_after_the_first_address_and_clients_are_not_watched() {
        activity.add(1L, "auth.login", "user:1", "203.0.113.1", "{\"method\":\"password\"}", T0);
        activity.add(5L, "auth.login", "user:5", "203.0.113.1", "{\"method\":\"password\"}", T0);
        job(T0 + 1000).run(RUN);
        assertEquals(0, alerts().size(), "the first address is the baseline");

        activity.add(1L, "auth.login", "user:1", "203.0.113.1", "{}", T0 + 2000);
        activity.add(5L, "auth.login", "user:5", "198.51.100.2", "{}", T0 + 2000);
        activity.add(1L, "auth.login", "user:1", "198.51.100.99", "{}", T0 + 3000);
        job(T0 + 4000).run(RUN);
        List<Insight> alerts = alerts();
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("Administrator admin@example.com signed in from a new address 198.51.100.99", alerts.get(0).title());
        assertTrue(alerts.get(0).evidence().contains("known addresses: [203.0.113.1]"), alerts.get(0).evidence());
        assertEquals(2, fx.count("SELECT COUNT(*) FROM ai_known_ips WHERE user_id = 1"));
    }

    @Test
    void op_deop_and_permission_grants_on_the_console_are_alerts_about_that_server_and_harmless_commands_are_not() {
        for (String command : List.of("op Griefer", "/deop Admin", "lp user Griefer permission set * true", "say op is great",
                "lp user Steve info", "list", "minecraft:op Alt", "pex user Bob add worldedit.*")) {
            activity.add(2L, "server.console.command", "server:" + SERVER, "203.0.113.5",
                    "{\"command\":\"" + command + "\"}", T0);
        }
        job(T0 + 1000).run(RUN);
        List<String> titles = alerts().stream().map(Insight::title).sorted().toList();
        assertEquals(List.of("Console operator change: /deop Admin", "Console operator change: minecraft:op Alt",
                "Console operator change: op Griefer", "Console permission change: lp user Griefer permission set * true",
                "Console permission change: pex user Bob add worldedit.*"), titles);
        Insight one = alerts().get(0);
        assertEquals(SERVER, one.serverUuid());
        assertEquals("Survival", one.serverName());
        assertEquals(2L, one.ownerId());
        assertTrue(one.evidence().contains("user2@example.com ran"), one.evidence());
    }

    @Test
    void the_monitor_follows_the_security_scanning_toggle() {
        var c = AnalysisFixture.config();
        var off = new dev.talon.ai.config.AiConfig(c.enabled(), c.hosts(), c.port(), c.timeout(), c.models(),
                new dev.talon.ai.config.AiConfig.Features(true, true, true, false, true, true), c.maxChatHistory(),
                c.analysisInterval(), c.leakMinSpan(), c.maxConcurrentRequests(), c.retentionDays());
        var explainer = new Explainer(() -> client, fx.usage(), 12_000);
        var job = new MonitorSecurityThreats(activity, users, servers, fx.insights, fx.store, new PendingCompleter(fx.insights, explainer),
                () -> off, Clock.systemUTC());
        assertEquals(false, job.enabled());
        assertTrue(job(T0).enabled());
    }

    static URI deadHost() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_api_key_used_from_a_second_address_is_an_alert_with_prefix_address_user_and_time_and_its_first_address_is_not() {
        activity.add(2L, "auth.api-key.new-ip", "api-key:abc123", "203.0.113.5",
                "{\"key\":\"abc123\",\"name\":\"ci\",\"first_use\":true}", T0);
        job(T0 + 1_000).run(RUN);
        assertEquals(0, alerts().size(), "a key's first address is its baseline");

        activity.add(2L, "auth.api-key.new-ip", "api-key:abc123", "198.51.100.77",
                "{\"key\":\"abc123\",\"name\":\"ci\",\"first_use\":false}", T0 + 60_000);
        job(T0 + 120_000).run(RUN);
        List<Insight> alerts = alerts();
        assertEquals(1, alerts.size(), alerts.toString());
        Insight alert = alerts.get(0);
        assertEquals("API key tln_abc123 of user2@example.com used from a new address 198.51.100.77", alert.title());
        assertEquals("warning", alert.severity());
        assertTrue(alert.evidence().contains("2026-03-01T10:01:00Z"), alert.evidence());
        assertTrue(alert.evidence().contains("(ci)"), alert.evidence());
        assertTrue(alert.awaitingAi());
    }

    @Test
    void scripts_and_programs_written_uploaded_or_renamed_through_the_file_manager_are_alerts_and_plain_files_are_not() {
        String subject = "server:" + SERVER;
        activity.add(2L, "server.file.write", subject, "203.0.113.9", "{\"file\":\"/config/server.properties\"}", T0);
        activity.add(2L, "server.file.write", subject, "203.0.113.9", "{\"file\":\"/start\",\"shebang\":true}", T0 + 1);
        activity.add(2L, "server.file.upload", subject, "203.0.113.9",
                "{\"directory\":\"/bin\",\"files\":[\"miner.exe\",\"notes.txt\"]}", T0 + 2);
        activity.add(2L, "server.file.rename", subject, "203.0.113.9",
                "{\"directory\":\"/\",\"files\":[{\"from\":\"//payload.txt\",\"to\":\"//payload.sh\"}]}", T0 + 3);
        activity.add(2L, "server.file.upload", subject, "203.0.113.9",
                "{\"directory\":\"/plugins\",\"files\":[\"EssentialsX.jar\"]}", T0 + 4);
        job(T0 + 10_000).run(RUN);

        List<Insight> alerts = alerts().stream().sorted(java.util.Comparator.comparing(Insight::title)).toList();
        assertEquals(List.of(
                "Executable written through the file manager: //payload.sh",
                "Executable written through the file manager: /bin/miner.exe",
                "Executable written through the file manager: /plugins/EssentialsX.jar",
                "Executable written through the file manager: /start"), alerts.stream().map(Insight::title).toList());
        Insight script = alerts.get(3);
        assertEquals(SERVER, script.serverUuid());
        assertEquals("warning", script.severity());
        assertTrue(script.evidence().contains("user2@example.com wrote /start (written; script: starts with #!) on Survival from 203.0.113.9"),
                script.evidence());
        assertTrue(alerts.get(0).evidence().contains("renamed from //payload.txt"), alerts.get(0).evidence());
        assertEquals("info", alerts.get(2).severity(), "a plugin jar is routine, reported as information");
        assertTrue(alerts.stream().noneMatch(a -> a.evidence().contains("notes.txt (")), "plain files are no executables");
    }
}
