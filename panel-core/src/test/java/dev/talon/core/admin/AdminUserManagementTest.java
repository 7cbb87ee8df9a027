package dev.talon.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.auth.User;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin users pages, driven through their forms, and the activity entries each change leaves. */
class AdminUserManagementTest {

    private static final String PASSWORD = "client-password-1";
    private static final AtomicInteger counter = new AtomicInteger();

    @TempDir
    static Path dir;
    static TestPanel panel;
    static WebClient admin;
    static long adminId;

    @BeforeAll
    static void start() {
        panel = TestPanel.start(dir);
        admin = panel.admin();
        adminId = panel.panel().users().findByEmail(TestPanel.ADMIN_EMAIL).orElseThrow().id();
    }

    @AfterAll
    static void stop() {
        panel.close();
    }

    private static User newClient() {
        return panel.panel().users().create("managed" + counter.incrementAndGet() + "@example.com", "Managed", PASSWORD, false);
    }

    private static WebClient.Page submit(String path, Map<String, String> form) {
        admin.get("/admin/users");
        return admin.post(path, form);
    }

    /** The admin activity page with filters; the rows' HTML. */
    private static String activity(String actor, String action, String subject) {
        String query = "?actor=" + enc(actor) + "&action=" + enc(action) + "&subject=" + enc(subject);
        var page = admin.get("/admin/activity" + query);
        assertEquals(200, page.status());
        String body = page.body();
        return body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertRecorded(String action, long subjectId) {
        String rows = activity(TestPanel.ADMIN_EMAIL, action, "user:" + subjectId);
        assertTrue(rows.contains("<code>" + action + "</code>") && rows.contains("user:" + subjectId + "<"),
                action + " for user " + subjectId + " in the activity log: " + rows);
    }

    private static boolean canSignIn(String email, String password) {
        WebClient browser = panel.client();
        browser.get("/auth/login");
        return browser.post("/auth/login", Map.of("email", email, "password", password, "next", "/")).status() == 302;
    }

    @Test
    void create_shows_validation_errors_and_keeps_what_was_typed() {
        var badEmail = submit("/admin/users", Map.of("email", "not-an-email", "name", "Keep Me", "password", "long-enough-1"));
        assertEquals(400, badEmail.status());
        assertTrue(badEmail.body().contains("Enter a valid e-mail address."), badEmail.body());
        assertTrue(badEmail.body().contains("value=\"Keep Me\""), "the name is kept");
        assertTrue(badEmail.body().contains("value=\"not-an-email\""), "the e-mail is kept");

        var shortPassword = submit("/admin/users", Map.of("email", "short@example.com", "password", "short"));
        assertEquals(400, shortPassword.status());
        assertTrue(shortPassword.body().contains("at least 8 characters"), shortPassword.body());

        var duplicate = submit("/admin/users", Map.of("email", " ADMIN@localhost ", "password", "long-enough-1"));
        assertEquals(400, duplicate.status());
        assertTrue(duplicate.body().contains("already exists"), duplicate.body());

        var escaped = submit("/admin/users", Map.of("email", "x@y", "name", "<script>alert(1)</script>", "password", "short"));
        assertFalse(escaped.body().contains("<script>alert(1)</script>"), "typed values are escaped");

        assertTrue(panel.panel().users().findByEmail("short@example.com").isEmpty());
        assertEquals(0, (int) panel.panel().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM activity_log WHERE action = 'admin.user.created' AND metadata LIKE '%short@example.com%'")
                .mapTo(Integer.class).one()));
    }

    @Test
    void create_then_edit_a_user_and_both_are_in_the_activity_log() {
        var created = submit("/admin/users", Map.of("email", "New.Person@Example.com", "name", "New Person", "password", "long-enough-1"));
        assertEquals(302, created.status(), created.body());
        assertEquals("/admin/users", created.location());
        var list = admin.get("/admin/users");
        assertTrue(list.body().contains("User new.person@example.com created."), "flash shown after the redirect");
        User user = panel.panel().users().findByEmail("new.person@example.com").orElseThrow();
        assertFalse(user.rootAdmin());
        assertTrue(canSignIn("new.person@example.com", "long-enough-1"));
        assertRecorded("admin.user.created", user.id());

        admin.get("/admin/users/" + user.id());
        var edited = admin.post("/admin/users/" + user.id(), Map.of("email", "renamed@example.com", "name", "Renamed", "root_admin", "on"));
        assertEquals(302, edited.status(), edited.body());
        User after = panel.panel().users().find(user.id()).orElseThrow();
        assertEquals("renamed@example.com", after.email());
        assertEquals("Renamed", after.name());
        assertTrue(after.rootAdmin());
        assertRecorded("admin.user.updated", user.id());

        admin.get("/admin/users/" + user.id());
        var blankName = admin.post("/admin/users/" + user.id(), Map.of("email", "renamed@example.com", "name", " "));
        assertEquals(400, blankName.status());
        assertTrue(blankName.body().contains("The name must have 1 to 100 characters."), blankName.body());
        var takenEmail = admin.post("/admin/users/" + user.id(), Map.of("email", TestPanel.ADMIN_EMAIL, "name", "Renamed"));
        assertEquals(400, takenEmail.status());
        assertTrue(takenEmail.body().contains("already exists"));
        assertEquals("renamed@example.com", panel.panel().users().find(user.id()).orElseThrow().email(), "unchanged");
    }

    @Test
    void demoting_an_administrator_takes_effect_on_their_running_session() {
        User other = panel.panel().users().create("second-admin@example.com", "Second", PASSWORD, true);
        WebClient theirs = panel.client();
        theirs.login(other.email(), PASSWORD);
        assertEquals(200, theirs.get("/admin").status());

        admin.get("/admin/users/" + other.id());
        assertEquals(302, admin.post("/admin/users/" + other.id(), Map.of("email", other.email(), "name", "Second")).status());
        assertEquals(404, theirs.get("/admin").status(), "no longer an administrator");
        assertEquals(200, theirs.get("/account").status(), "but still signed in as a client");
    }

    @Test
    void reset_password_signs_the_user_out_everywhere() {
        User user = newClient();
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        assertEquals(200, browser.get("/account").status());

        admin.get("/admin/users/" + user.id());
        var tooShort = admin.post("/admin/users/" + user.id() + "/password", Map.of("password", "short"));
        assertEquals(400, tooShort.status());
        assertEquals(200, browser.get("/account").status(), "a refused reset changes nothing");

        var reset = admin.post("/admin/users/" + user.id() + "/password", Map.of("password", "brand-new-password"));
        assertEquals(302, reset.status());
        assertEquals(302, browser.get("/account").status(), "signed out");
        assertFalse(canSignIn(user.email(), PASSWORD), "the old password is gone");
        assertTrue(canSignIn(user.email(), "brand-new-password"));
        assertRecorded("admin.user.password-reset", user.id());
        assertEquals(0, activity(TestPanel.ADMIN_EMAIL, "", "brand-new-password").split("<tr>").length - 1,
                "the password itself is never logged");
    }

    @Test
    void suspend_and_unsuspend_are_shown_and_recorded() {
        User user = newClient();
        admin.get("/admin/users/" + user.id());
        assertEquals(302, admin.post("/admin/users/" + user.id() + "/suspend", Map.of()).status());
        var page = admin.get("/admin/users/" + user.id());
        assertTrue(page.body().contains("State: <strong>suspended</strong>"), page.body());
        assertTrue(page.body().contains("User suspended and signed out."), "flash");
        assertTrue(panel.panel().users().find(user.id()).orElseThrow().suspended());
        assertRecorded("admin.user.suspended", user.id());

        assertEquals(302, admin.post("/admin/users/" + user.id() + "/unsuspend", Map.of()).status());
        assertFalse(panel.panel().users().find(user.id()).orElseThrow().suspended());
        assertTrue(admin.get("/admin/users/" + user.id()).body().contains("State: <strong>active</strong>"));
        assertRecorded("admin.user.unsuspended", user.id());
    }

    @Test
    void delete_removes_the_user_their_sessions_and_keys() {
        User user = newClient();
        WebClient browser = panel.client();
        browser.login(user.email(), PASSWORD);
        String key = panel.panel().apiKeys().create(user.id(), "k", null).plainKey();

        admin.get("/admin/users/" + user.id());
        var deleted = admin.post("/admin/users/" + user.id() + "/delete", Map.of());
        assertEquals(302, deleted.status());
        assertEquals("/admin/users", deleted.location());
        assertTrue(panel.panel().users().find(user.id()).isEmpty());
        assertEquals(404, admin.get("/admin/users/" + user.id()).status());
        assertEquals(302, browser.get("/account").status(), "their session ended");
        assertEquals(401, panel.client().get("/api/client/account", Map.of("Authorization", "Bearer " + key)).status());
        assertTrue(panel.panel().apiKeys().listForUser(user.id()).isEmpty(), "keys deleted with the user");
        assertRecorded("admin.user.deleted", user.id());
        assertTrue(activity("", "admin.user.deleted", "user:" + user.id()).contains(user.email()), "the entry keeps the e-mail");
        assertEquals(404, admin.post("/admin/users/" + user.id() + "/delete", Map.of()).status(), "deleting twice is a 404");
    }

    @Test
    void an_administrator_cannot_delete_suspend_or_demote_themselves() {
        admin.get("/admin/users/" + adminId);
        var delete = admin.post("/admin/users/" + adminId + "/delete", Map.of());
        assertEquals(400, delete.status());
        assertTrue(delete.body().contains("You can't delete your own account."));
        var suspend = admin.post("/admin/users/" + adminId + "/suspend", Map.of());
        assertEquals(400, suspend.status());
        assertTrue(suspend.body().contains("You can't suspend yourself."));
        var demote = admin.post("/admin/users/" + adminId, Map.of("email", TestPanel.ADMIN_EMAIL, "name", "Administrator"));
        assertEquals(400, demote.status());
        assertTrue(demote.body().contains("You can't remove your own administrator role."));

        User me = panel.panel().users().find(adminId).orElseThrow();
        assertTrue(me.rootAdmin());
        assertFalse(me.suspended());
        assertEquals(200, admin.get("/admin").status(), "still signed in as administrator");
        String rows = activity("", "admin.user.", "user:" + adminId + "");
        assertFalse(rows.contains("admin.user.deleted") || rows.contains("admin.user.suspended"), rows);
    }

    @Test
    void activity_page_filters_by_actor_action_and_subject() {
        User user = newClient();
        admin.get("/admin/users/" + user.id());
        admin.post("/admin/users/" + user.id() + "/suspend", Map.of());
        WebClient other = panel.client();
        other.login(newClient().email(), PASSWORD);

        assertTrue(activity(TestPanel.ADMIN_EMAIL, "admin.user.suspended", "").contains("user:" + user.id() + "<"));
        String logins = activity("", "auth.login", "");
        assertTrue(logins.contains("<code>auth.login</code>"));
        assertFalse(logins.contains("admin.user."), "action filter: " + logins);
        assertFalse(activity("nobody-like-this@example.com", "", "").contains("<tr>"), "actor filter matches nobody");
        String bySubject = activity("", "", "user:" + user.id());
        assertTrue(bySubject.contains("admin.user.suspended"));
        assertFalse(bySubject.contains("auth.login<"), "subject filter: " + bySubject);
    }
}
