package dev.talon.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.auth.ApiKeys;
import dev.talon.core.auth.Passwords;
import dev.talon.core.auth.Session;
import dev.talon.core.auth.Sessions;
import dev.talon.core.auth.Tokens;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.db.ScratchDatabase.Vendor;
import dev.talon.core.scheduler.JobRuns;
import dev.talon.core.settings.SettingsRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

/**
 * The same core migrations and repository classes on H2, PostgreSQL and MariaDB, each on a fresh
 * database created for this class and dropped after it. PostgreSQL and MariaDB are skipped with a
 * message when unreachable (failed instead when {@code TALON_REQUIRE_DATABASES=true}).
 *
 * <p>Parameterized methods rather than a parameterized class: Surefire tells tests apart by name,
 * and only method invocations get distinct names ({@code [1]}, {@code [2]}…) in its counts.
 */
class CoreRepositoriesOnEveryDatabaseTest {

    /** A clock tests move forward by hand. */
    static final class TestClock extends Clock {
        private final AtomicLong millis = new AtomicLong(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());

        void advance(Duration by) {
            millis.addAndGet(by.toMillis());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** One vendor's database with the repositories over it, opened on first use. */
    record Fixture(Vendor vendor, ScratchDatabase scratch, Database database, int appliedAtFirstRun, TestClock clock,
                   Users users, Sessions sessions, ApiKeys apiKeys, ActivityRepository activity, JobRuns jobRuns) {

        static Fixture open(Vendor vendor) {
            var scratch = ScratchDatabase.create(vendor);
            var database = Database.open(scratch.url(), scratch.user(), null, 4);
            int applied = database.migrateCore();
            var clock = new TestClock();
            var tokens = new Tokens();
            var jdbi = database.jdbi();
            return new Fixture(vendor, scratch, database, applied, clock, new Users(jdbi, new Passwords(4), clock),
                    new Sessions(jdbi, tokens, clock), new ApiKeys(jdbi, tokens, clock, new ActivityRepository(jdbi, new ObjectMapper(), clock)),
                    new ActivityRepository(jdbi, new ObjectMapper(), clock), new JobRuns(jdbi));
        }

        User newUser(String name) {
            return users.create("user" + counter.incrementAndGet() + "@example.com", name, "password-123", false);
        }
    }

    private static final AtomicInteger counter = new AtomicInteger();
    private static final Map<Vendor, Fixture> fixtures = new EnumMap<>(Vendor.class);
    private static final Map<Vendor, String> unreachable = new EnumMap<>(Vendor.class);

    /** The vendor's fixture; skips the calling test (every time, so each is counted) when the server is unreachable. */
    private static synchronized Fixture on(Vendor vendor) {
        Assumptions.assumeFalse(unreachable.containsKey(vendor), () -> unreachable.get(vendor));
        try {
            return fixtures.computeIfAbsent(vendor, Fixture::open);
        } catch (TestAbortedException e) {
            unreachable.put(vendor, e.getMessage());
            throw e;
        }
    }

    /** The versioned migrations the repository holds for a vendor: common/ plus its own folder. */
    static int migrationFiles(Vendor vendor) {
        java.nio.file.Path root = java.nio.file.Path.of("..", "migrations");
        String folder = switch (vendor) {
            case H2 -> "h2";
            case POSTGRESQL -> "postgresql";
            case MARIADB -> "mariadb";
        };
        try (var common = java.nio.file.Files.list(root.resolve("common"));
             var own = java.nio.file.Files.list(root.resolve(folder))) {
            return (int) java.util.stream.Stream.concat(common, own)
                    .filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static synchronized void closeAll() {
        for (Fixture f : fixtures.values()) {
            f.database().close();
            f.scratch().close();
        }
        fixtures.clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void core_migrations_run_once_and_are_recorded_in_the_core_history_table(Vendor vendor) {
        Fixture f = on(vendor);
        assertEquals(vendor.name(), f.database().kind().name());
        assertEquals(migrationFiles(vendor), f.appliedAtFirstRun(), "every common and " + vendor + " migration, once");
        assertEquals(0, f.database().migrateCore(), "a second run applies nothing");
        // Flyway creates its history table with quoted lower-case names; H2 folds unquoted names to upper case.
        String q = vendor == Vendor.H2 ? "\"" : "";
        List<String> versions = f.database().jdbi().withHandle(h -> h.createQuery(("SELECT QversionQ FROM Qflyway_schema_historyQ"
                        + " WHERE QsuccessQ = TRUE AND QversionQ IS NOT NULL ORDER BY Qinstalled_rankQ").replace("Q", q))
                .mapTo(String.class).list());
        assertTrue(versions.containsAll(List.of("1", "2")), versions.toString());
        for (String table : List.of("users", "sessions", "api_keys", "activity_log", "settings", "addon_states", "job_runs",
                "QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_LOCKS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE")) {
            assertEquals(0, (int) f.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0")
                    .mapTo(Integer.class).one()), table);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void users_are_created_found_updated_and_deleted(Vendor vendor) {
        Fixture f = on(vendor);
        User user = f.users().create("  Mixed.Case@Example.COM ", "Mixed Case", "password-123", true);
        assertTrue(user.id() > 0);
        assertEquals("mixed.case@example.com", user.email());
        assertTrue(user.rootAdmin());
        assertFalse(user.suspended());
        assertFalse(user.totpEnabled());
        assertEquals(f.clock().millis(), user.createdAt());
        assertEquals(user, f.users().findByEmail("MIXED.case@example.com").orElseThrow());
        assertEquals(user, f.users().find(user.id()).orElseThrow());
        var duplicate = assertThrows(Users.UserException.class, () -> f.users().create("mixed.case@EXAMPLE.com", "Dup", "password-123", false));
        assertEquals("email", duplicate.field());

        assertTrue(f.users().verifyPassword("mixed.case@example.com", "password-123").isPresent());
        assertTrue(f.users().verifyPassword("mixed.case@example.com", "wrong-password").isEmpty());
        assertTrue(f.users().verifyPassword("nobody@example.com", "password-123").isEmpty());

        f.users().update(user.id(), "renamed@example.com", "Renamed Ü ✓", false);
        f.users().setPassword(user.id(), "another-password");
        f.users().setSuspended(user.id(), true);
        f.users().setTotp(user.id(), "JBSWY3DPEHPK3PXP", true);
        User changed = f.users().find(user.id()).orElseThrow();
        assertEquals("renamed@example.com", changed.email());
        assertEquals("Renamed Ü ✓", changed.name(), "non-ASCII names survive");
        assertFalse(changed.rootAdmin());
        assertTrue(changed.suspended());
        assertTrue(changed.totpEnabled());
        assertEquals("JBSWY3DPEHPK3PXP", f.users().totpSecret(user.id()).orElseThrow());
        assertTrue(f.users().verifyPassword("renamed@example.com", "another-password").isPresent());
        f.users().setTotp(user.id(), null, false);
        assertTrue(f.users().totpSecret(user.id()).isEmpty());

        f.users().delete(user.id());
        assertTrue(f.users().find(user.id()).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void user_list_searches_case_insensitively_and_pages(Vendor vendor) {
        Fixture f = on(vendor);
        String tag = "pager" + counter.incrementAndGet();
        for (int i = 0; i < 5; i++) {
            f.users().create(tag + "-" + i + "@example.com", "Pager " + i, "password-123", false);
        }
        List<User> all = f.users().list(tag.toUpperCase(), 100, 0);
        assertEquals(5, all.size());
        assertEquals(List.of(all.get(2), all.get(3)), f.users().list(tag, 2, 2), "LIMIT/OFFSET");
        assertTrue(all.get(0).id() < all.get(4).id(), "ordered by id");
        assertTrue(f.users().count() >= 5);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void sessions_are_found_by_cookie_expire_and_are_deleted_with_their_user(Vendor vendor) {
        Fixture f = on(vendor);
        User user = f.newUser("Session");
        var issued = f.sessions().create(user.id(), null, "203.0.113.7", "x".repeat(400));
        assertFalse(issued.cookieValue().equals(issued.session().idHash()), "only the hash is stored");
        Session found = f.sessions().find(issued.cookieValue()).orElseThrow();
        assertEquals(user.id(), found.userId());
        assertNull(found.pendingUserId());
        assertEquals(issued.session().csrfToken(), found.csrfToken());
        assertTrue(f.sessions().find(issued.cookieValue() + "x").isEmpty());
        assertTrue(f.sessions().find(null).isEmpty());

        var pending = f.sessions().create(null, user.id(), "::1", null);
        assertEquals(user.id(), f.sessions().find(pending.cookieValue()).orElseThrow().pendingUserId());
        var anonymous = f.sessions().create(null, null, null, null);
        f.sessions().delete(anonymous.session().idHash());
        assertTrue(f.sessions().find(anonymous.cookieValue()).isEmpty());

        f.sessions().deleteForUser(user.id());
        assertTrue(f.sessions().find(issued.cookieValue()).isEmpty());
        assertTrue(f.sessions().find(pending.cookieValue()).isEmpty(), "a half-finished two-factor sign-in ends too");

        var cascaded = f.sessions().create(user.id(), null, null, null);
        f.users().delete(user.id());
        assertTrue(f.sessions().find(cascaded.cookieValue()).isEmpty(), "ON DELETE CASCADE");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void expired_sessions_are_not_found_and_are_purged(Vendor vendor) {
        Fixture f = on(vendor);
        var old = f.sessions().create(null, null, null, null);
        f.clock().advance(Sessions.LIFETIME.plusMinutes(1));
        assertTrue(f.sessions().find(old.cookieValue()).isEmpty());
        var fresh = f.sessions().create(null, null, null, null);
        assertTrue(f.sessions().purgeExpired() >= 1);
        assertTrue(f.sessions().find(fresh.cookieValue()).isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void api_keys_verify_record_their_use_and_revoke(Vendor vendor) {
        Fixture f = on(vendor);
        User user = f.newUser("Keys");
        var created = f.apiKeys().create(user.id(), "ci", null);
        var limited = f.apiKeys().create(user.id(), "limited", "203.0.113.7, 2001:db8::1");
        assertEquals("203.0.113.7,2001:db8::1", limited.key().allowedIps());

        f.clock().advance(Duration.ofMinutes(5));
        var valid = assertInstanceOf(ApiKeys.Check.Valid.class, f.apiKeys().verify(created.plainKey(), "198.51.100.1"));
        assertEquals(user.id(), valid.key().userId());
        var stored = f.apiKeys().listForUser(user.id()).stream().filter(k -> k.id() == created.key().id()).findFirst().orElseThrow();
        assertEquals(f.clock().millis(), stored.lastUsedAt());
        assertEquals("198.51.100.1", stored.lastUsedIp());

        assertInstanceOf(ApiKeys.Check.Invalid.class, f.apiKeys().verify(created.plainKey() + "x", "198.51.100.1"));
        assertInstanceOf(ApiKeys.Check.Invalid.class, f.apiKeys().verify(limited.plainKey(), "198.51.100.1"));
        assertInstanceOf(ApiKeys.Check.Valid.class, f.apiKeys().verify(limited.plainKey(), "2001:db8::1"));

        // only a key's first use from an address is an activity entry
        assertInstanceOf(ApiKeys.Check.Valid.class, f.apiKeys().verify(created.plainKey(), "198.51.100.1"));
        assertInstanceOf(ApiKeys.Check.Valid.class, f.apiKeys().verify(created.plainKey(), "192.0.2.44"));
        assertInstanceOf(ApiKeys.Check.Valid.class, f.apiKeys().verify(created.plainKey(), "192.0.2.44"));
        var newAddresses = f.activity().since(0, ApiKeys.NEW_ADDRESS, 100).stream()
                .filter(e -> user.id() == e.actorId()).toList();
        assertEquals(List.of("198.51.100.1", "2001:db8::1", "192.0.2.44"), newAddresses.stream().map(e -> e.ip()).toList(),
                "in order of first use, once each");
        var second = newAddresses.stream().filter(e -> e.ip().equals("192.0.2.44")).findFirst().orElseThrow();
        assertEquals("api-key:" + created.key().prefix(), second.subject());
        assertTrue(second.metadataJson().contains("\"first_use\":false"), second.metadataJson());
        assertTrue(second.metadataJson().contains("\"key\":\"" + created.key().prefix() + "\""), second.metadataJson());
        var firstUse = newAddresses.stream().filter(e -> e.ip().equals("198.51.100.1")).findFirst().orElseThrow();
        assertTrue(firstUse.metadataJson().contains("\"first_use\":true"), firstUse.metadataJson());

        assertTrue(f.apiKeys().revoke(user.id(), created.key().id()));
        assertFalse(f.apiKeys().revoke(user.id(), created.key().id()), "revoking twice changes nothing");
        assertFalse(f.apiKeys().revoke(user.id() + 1000, limited.key().id()), "not someone else's key");
        assertInstanceOf(ApiKeys.Check.Invalid.class, f.apiKeys().verify(created.plainKey(), "198.51.100.1"));
        assertEquals(List.of("limited", "ci"), f.apiKeys().listForUser(user.id()).stream().map(ApiKeys.ApiKey::name).toList());

        f.users().delete(user.id());
        assertTrue(f.apiKeys().listForUser(user.id()).isEmpty(), "ON DELETE CASCADE");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void activity_is_recorded_with_metadata_filtered_and_pruned(Vendor vendor) {
        Fixture f = on(vendor);
        User actor = f.newUser("Actor");
        String subject = "server:" + counter.incrementAndGet();
        f.activity().record(new Activity(actor.id(), "test.created", subject, "203.0.113.7", Map.of("name", "Ünïcode ✓ 🎮", "size", 3)));
        f.clock().advance(Duration.ofSeconds(1));
        f.activity().record(new Activity(actor.id(), "test.deleted", subject, "203.0.113.7", Map.of()));
        f.activity().record(new Activity(null, "test.system", "s".repeat(300), null, Map.of()));

        var bySubject = f.activity().search(new ActivityRepository.Filter(null, null, subject, null), 10, 0);
        assertEquals(List.of("test.deleted", "test.created"), bySubject.stream().map(ActivityRepository.Entry::action).toList(), "newest first");
        var first = bySubject.get(1);
        assertEquals(actor.email(), first.actorEmail());
        assertEquals(actor.id(), first.actorId());
        assertTrue(first.metadata().contains("Ünïcode ✓ 🎮"), "4-byte UTF-8 in metadata: " + first.metadata());
        assertEquals(1, f.activity().search(new ActivityRepository.Filter(actor.email().toUpperCase(), "test.cre", null, null), 10, 0).size());
        assertEquals(2, f.activity().search(new ActivityRepository.Filter(null, null, null, actor.id()), 10, 0).size());
        assertEquals(1, f.activity().search(new ActivityRepository.Filter(null, "test.", subject, actor.id()), 1, 1).size(), "paging");
        assertEquals(List.of("test.created"), f.activity().forSubject(subject, 1, 1).stream().map(ActivityRepository.Entry::action).toList(),
                "one subject's entries, paged, newest first");
        assertEquals(2, f.activity().countForSubject(subject));
        assertEquals(0, f.activity().countForSubject(subject + "0"), "exact subject, not a prefix");
        var system = f.activity().search(new ActivityRepository.Filter(null, "test.system", null, null), 10, 0).getFirst();
        assertNull(system.actorId());
        assertNull(system.actorEmail());
        assertEquals(191, system.subject().length(), "long subjects are cut to the column");

        f.clock().advance(Duration.ofDays(1));
        assertTrue(f.activity().pruneOlderThan(f.clock().millis() - Duration.ofHours(1).toMillis()) >= 3);
        assertTrue(f.activity().search(new ActivityRepository.Filter(null, null, subject, null), 10, 0).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void settings_are_stored_per_namespace_and_hold_long_text(Vendor vendor) {
        Fixture f = on(vendor);
        var core = new SettingsRepository(f.database().jdbi(), "core", f.clock());
        var addon = new SettingsRepository(f.database().jdbi(), "addon", f.clock());
        core.put("theme", "dark");
        core.put("theme", "default");
        addon.put("theme", "other");
        String big = "ä✓🎮".repeat(30_000);
        core.put("big", big);
        assertEquals("default", core.get("theme").orElseThrow());
        assertEquals("other", addon.get("theme").orElseThrow());
        assertEquals(big, core.get("big").orElseThrow(), "unbounded text with 4-byte characters");
        assertEquals(List.of("big", "theme"), List.copyOf(core.all().keySet()));
        core.remove("theme");
        assertTrue(core.get("theme").isEmpty());
        assertEquals("other", addon.get("theme").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> core.put("", "x"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Vendor.class)
    void job_runs_are_recorded_listed_newest_first_and_pruned(Vendor vendor) {
        Fixture f = on(vendor);
        String key = "job-" + counter.incrementAndGet();
        long t = f.clock().millis();
        f.jobRuns().record("core", key, false, t, t + 5, "ok", "first");
        f.jobRuns().record("core", key, true, t + 10, t + 30, "failed", "x".repeat(2000));
        f.jobRuns().record("other", key, false, t, t + 1, "ok", null);
        var last = f.jobRuns().last("core", key).orElseThrow();
        assertTrue(last.manual());
        assertEquals("failed", last.outcome());
        assertEquals(20, last.durationMillis());
        assertEquals(1000, last.summary().length(), "long summaries are cut to the column");
        assertEquals(List.of("failed", "ok"), f.jobRuns().recent("core", key, 10).stream().map(JobRuns.Run::outcome).toList());
        assertEquals(1, f.jobRuns().recent("core", key, 1).size());
        assertNull(f.jobRuns().last("other", key).orElseThrow().summary());
        assertNotNull(f.jobRuns().last("core", key));
        assertTrue(f.jobRuns().pruneOlderThan(t + 5) >= 2);
        assertEquals(List.of("failed"), f.jobRuns().recent("core", key, 10).stream().map(JobRuns.Run::outcome).toList());
    }
}
