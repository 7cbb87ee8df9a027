package dev.talon.ai.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Report e-mail from the built add-on jar in a real panel: the SMTP password is never shown back,
 * saving the settings form with its empty password field keeps it, and "Send test e-mail" reaches
 * a real SMTP server through the add-on's shaded Angus Mail (loaded by PF4J's class loader).
 */
class ReportEmailIT {

    @RegisterExtension
    static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("talon@example.com", "talon", "smtp-secret-1"));

    @TempDir
    Path root;

    @Test
    void the_test_e_mail_reaches_the_smtp_server_and_the_password_is_never_rendered_back() throws Exception {
        String yml = "reports:\n  email:\n    to: ops@example.com\n    from: talon@example.com\n  smtp:\n    host: 127.0.0.1\n"
                + "    port: " + smtp.getSmtp().getPort() + "\n    tls: none\n    username: talon\n    password: smtp-secret-1\n";
        try (var ai = AddonPanel.start(root, FakeOllama.start(), yml, Map.of())) {
            var admin = ai.admin();
            String page = admin.get("/admin/ai/settings").body();
            assertFalse(page.contains("smtp-secret-1"), "the password is not in the page");
            assertTrue(page.contains("set — leave empty to keep"), "the page says a password is set");

            // Saving the whole form, as the browser does, sends the password field empty: it keeps the password.
            Map<String, String> form = new HashMap<>();
            for (String key : List.of("enabled", "features.chat_support", "features.server_analysis", "features.performance_monitoring",
                    "features.security_scanning", "features.code_generation", "features.predictive_analytics")) {
                form.put(key, "on");
            }
            form.put("reports.smtp.password", "");
            form.put("reports.smtp.port", String.valueOf(smtp.getSmtp().getPort()));
            assertEquals(302, admin.post("/admin/ai/settings", form).status());

            var sent = admin.post("/admin/ai/settings/test-email", Map.of());
            assertEquals(302, sent.status(), sent.body());
            assertTrue(admin.get("/admin/ai/settings").body().contains("Test e-mail sent to ops@example.com."));
            var received = smtp.getReceivedMessages();
            assertEquals(1, received.length);
            assertEquals("[Talon] Test e-mail", received[0].getSubject());
            var parts = (MimeMultipart) received[0].getContent();
            assertTrue(((String) parts.getBodyPart(0).getContent()).startsWith("# Test e-mail"));
            assertTrue(((String) parts.getBodyPart(1).getContent()).contains("<h1>Test e-mail</h1>"));

            // A bad password is refused by the server: one plain sentence, no trace.
            assertEquals(302, admin.post("/admin/ai/settings", Map.of("enabled", "on", "features.chat_support", "on",
                    "features.server_analysis", "on", "features.performance_monitoring", "on", "features.security_scanning", "on",
                    "features.code_generation", "on", "features.predictive_analytics", "on", "reports.smtp.password", "wrong")).status());
            admin.post("/admin/ai/settings/test-email", Map.of());
            String after = admin.get("/admin/ai/settings").body();
            assertTrue(after.contains("Test e-mail not sent: The SMTP server 127.0.0.1:" + smtp.getSmtp().getPort()
                    + " refused the user name or password."), after);
            assertFalse(after.contains("Exception"), "no exception text on the page");
            assertFalse(after.contains("value=\"wrong\""));
        }
    }
}
