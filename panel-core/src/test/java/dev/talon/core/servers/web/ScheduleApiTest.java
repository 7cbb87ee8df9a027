package dev.talon.core.servers.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServersFeature;
import dev.talon.core.servers.ServersFixture;
import dev.talon.core.servers.node.PowerAction;
import dev.talon.core.servers.node.PowerState;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 5: a schedule "every minute: say tick" fires (run now and through the Quartz job) and is recorded. */
class ScheduleApiTest {

    @TempDir
    static Path dir;
    static TestPanel panel;
    static ServersFixture fixture;
    static ServersFixture.Account alice;
    static ServersFixture.Account bob;
    static GameServer server;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        fixture = new ServersFixture(panel);
        alice = fixture.account("alice@example.com");
        bob = fixture.account("bob@example.com");
        server = fixture.demoServer(alice.user().id(), false, Map.of("DEMO_LOG_RATE", "30"));
        fixture.service().power(server, PowerAction.START, null, null);
        ServersFixture.await("running", Duration.ofSeconds(30), () -> fixture.service().state(server) == PowerState.RUNNING);
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static String base() {
        return "/api/client/servers/" + server.identifier() + "/schedules";
    }

    private static JsonNode post(String path, String json) {
        WebClient.Page page = fixture.api(alice.key(), "POST", path, json);
        assertEquals(200, page.status(), page.body());
        return ServersFixture.read(page.body());
    }

    private static long everyMinuteSayTick(String name, String word) {
        JsonNode schedule = post(base(), "{\"name\":\"" + name + "\",\"minute\":\"*\",\"hour\":\"*\",\"day_of_month\":\"*\","
                + "\"month\":\"*\",\"day_of_week\":\"*\",\"is_active\":true,\"only_when_online\":true}");
        assertEquals("server_schedule", schedule.path("object").asText());
        long id = schedule.path("attributes").path("id").asLong();
        JsonNode task = post(base() + "/" + id + "/tasks", "{\"action\":\"command\",\"payload\":\"say " + word + "\",\"time_offset\":0}");
        assertEquals("schedule_task", task.path("object").asText());
        assertEquals(1, task.path("attributes").path("sequence_id").asInt());
        return id;
    }

    private static boolean logged(String text) {
        try {
            return fixture.service().node().logs(server.uuid()).tail(2000).stream().anyMatch(l -> l.contains(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode runs(long id) {
        return fixture.apiJson(alice.key(), base() + "/" + id + "/runs").path("data");
    }

    @Test
    void run_now_sends_the_tasks_in_order_and_records_the_run() {
        long id = everyMinuteSayTick("Tick", "tick");
        post(base() + "/" + id + "/tasks", "{\"action\":\"command\",\"payload\":\"say tock\",\"time_offset\":1}");
        JsonNode shown = fixture.apiJson(alice.key(), base() + "/" + id).path("attributes");
        assertEquals("*", shown.path("cron").path("minute").asText());
        assertEquals(2, shown.path("relationships").path("tasks").path("data").size());
        assertFalse(shown.path("next_run_at").isNull());

        assertEquals(202, fixture.api(alice.key(), "POST", base() + "/" + id + "/execute", null).status());
        ServersFixture.await("the run finished", Duration.ofSeconds(20), () -> runs(id).size() == 1
                && runs(id).get(0).path("attributes").path("outcome").asText().equals("ok"));
        ServersFixture.await("say tick and tock in the log", Duration.ofSeconds(10),
                () -> logged("[Server] tick") && logged("[Server] tock"));
        JsonNode run = runs(id).get(0).path("attributes");
        assertTrue(run.path("manual").asBoolean());
        assertTrue(run.path("summary").asText().indexOf("say tick") < run.path("summary").asText().indexOf("say tock"));
    }

    @Test
    void the_quartz_job_fires_a_due_schedule_once_and_moves_it_to_the_next_minute() {
        long id = everyMinuteSayTick("Cron tick", "cron-tick");
        // make it due now instead of waiting for the next minute
        panel.panel().database().jdbi().useHandle(h -> h.createUpdate("UPDATE server_schedules SET next_run_at = :t WHERE id = :id")
                .bind("t", System.currentTimeMillis() - 1000).bind("id", id).execute());
        WebClient admin = panel.client();
        admin.login(TestPanel.ADMIN_EMAIL, TestPanel.ADMIN_PASSWORD);
        admin.get("/admin/scheduler");
        WebClient.Page fired = admin.post("/admin/scheduler/core-servers/" + ServersFeature.SCHEDULES_JOB + "/run", Map.of());
        assertTrue(fired.status() < 400, "run-now of the job answered " + fired.status());
        ServersFixture.await("the cron run", Duration.ofSeconds(25), () -> runs(id).size() == 1
                && runs(id).get(0).path("attributes").path("outcome").asText().equals("ok"));
        assertFalse(runs(id).get(0).path("attributes").path("manual").asBoolean());
        ServersFixture.await("say cron-tick in the log", Duration.ofSeconds(10), () -> logged("[Server] cron-tick"));
        JsonNode shown = fixture.apiJson(alice.key(), base() + "/" + id).path("attributes");
        assertFalse(shown.path("last_run_at").isNull());
        long next = java.time.Instant.parse(shown.path("next_run_at").asText()).toEpochMilli();
        assertTrue(next > System.currentTimeMillis() && next <= System.currentTimeMillis() + 60_000 && next % 60_000 == 0, "next " + next);
    }

    @Test
    void the_schedules_job_checks_every_10_s_without_recording_checks_that_fired_nothing() {
        var jdbi = panel.panel().database().jdbi();
        long since = System.currentTimeMillis();
        // Quartz notes each firing on the trigger. The job never runs concurrently with itself, so
        // once a second firing after `since` has begun, the first has finished and written its row (if any).
        long first = awaitFiringAfter(jdbi, since);
        awaitFiringAfter(jdbi, first);
        List<String> idle = jdbi.withHandle(h -> h.createQuery("SELECT summary FROM job_runs WHERE job_group = 'core-servers'"
                        + " AND job_key = :k AND manual = FALSE AND started_at >= :since")
                .bind("k", ServersFeature.SCHEDULES_JOB).bind("since", since).mapTo(String.class).list())
                .stream().filter(summary -> !summary.matches("[1-9]\\d* schedules? fired")).toList();
        assertEquals(List.of(), idle, "automatic runs are recorded only when they fired something");
    }

    private static long awaitFiringAfter(org.jdbi.v3.core.Jdbi jdbi, long after) {
        long[] fired = new long[1];
        ServersFixture.await("a firing of the schedules job", Duration.ofSeconds(25), () -> {
            fired[0] = jdbi.withHandle(h -> h.createQuery(
                    "SELECT PREV_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_NAME = :n AND TRIGGER_GROUP = 'core-servers'")
                    .bind("n", ServersFeature.SCHEDULES_JOB).mapTo(Long.class).findOne().orElse(0L));
            return fired[0] > after;
        });
        return fired[0];
    }

    @Test
    void only_when_online_skips_a_stopped_server_and_others_get_404() {
        GameServer offline = fixture.demoServer(alice.user().id(), false, Map.of());
        String path = "/api/client/servers/" + offline.identifier() + "/schedules";
        long id = ServersFixture.read(fixture.api(alice.key(), "POST", path, "{\"name\":\"x\",\"only_when_online\":true}").body())
                .path("attributes").path("id").asLong();
        fixture.api(alice.key(), "POST", path + "/" + id + "/tasks", "{\"action\":\"power\",\"payload\":\"restart\"}");
        assertEquals(202, fixture.api(alice.key(), "POST", path + "/" + id + "/execute", null).status());
        ServersFixture.await("skipped", Duration.ofSeconds(10), () -> fixture.apiJson(alice.key(), path + "/" + id + "/runs").path("data")
                .path(0).path("attributes").path("outcome").asText().equals("skipped"));

        assertEquals(404, fixture.api(bob.key(), "GET", path, null).status());
        assertEquals(404, fixture.api(bob.key(), "POST", path + "/" + id + "/execute", null).status());
        assertEquals(422, fixture.api(alice.key(), "POST", path, "{\"name\":\"bad\",\"minute\":\"99\"}").status());
        assertEquals(422, fixture.api(alice.key(), "POST", path + "/" + id + "/tasks", "{\"action\":\"power\",\"payload\":\"explode\"}").status());
    }
}
