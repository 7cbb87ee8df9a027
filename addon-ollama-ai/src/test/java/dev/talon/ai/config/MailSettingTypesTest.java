package dev.talon.ai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report e-mail settings are validated on save, and the SMTP password is never shown. */
class MailSettingTypesTest {

    @Test
    void recipients_are_normalised_and_anything_that_is_not_an_address_is_refused_naming_the_key() {
        Setting to = Settings.require("reports.email.to");
        assertEquals("ops@example.com, owner@example.org", to.normalise(" ops@example.com;owner@example.org "));
        assertEquals("", to.normalise(""));
        var bad = assertThrows(Setting.InvalidSetting.class, () -> to.normalise("ops@example.com, not-an-address"));
        assertEquals("reports.email.to", bad.key());
        assertThrows(Setting.InvalidSetting.class, () -> Settings.require("reports.email.from").normalise("A <a@example.com>"));
    }

    @Test
    void host_port_and_tls_mode_accept_only_what_smtp_can_use() {
        assertEquals("smtp.example.com", Settings.require("reports.smtp.host").normalise("smtp.example.com"));
        assertThrows(Setting.InvalidSetting.class, () -> Settings.require("reports.smtp.host").normalise("smtp://x y"));
        assertThrows(Setting.InvalidSetting.class, () -> Settings.require("reports.smtp.port").normalise("70000"));
        assertEquals("tls", Settings.require("reports.smtp.tls").normalise("TLS"));
        assertThrows(Setting.InvalidSetting.class, () -> Settings.require("reports.smtp.tls").normalise("ssl3"));
    }

    @Test
    void the_password_is_shown_only_as_set_and_a_refused_password_is_not_echoed() {
        var resolved = ResolvedConfig.resolve(Map.of("reports.smtp.password", "hunter2-secret"), Map.of(), Map.of());
        var entry = resolved.entry("reports.smtp.password");
        assertEquals("hunter2-secret", entry.value(), "the mailer still gets it");
        assertEquals("(set)", entry.display());
        var refused = assertThrows(Setting.InvalidSetting.class,
                () -> Settings.require("reports.smtp.password").normalise("line1\nhunter3-secret"));
        assertFalse(refused.getMessage().contains("hunter3"), refused.getMessage());
        assertTrue(Settings.require("reports.smtp.password").type() == Setting.Type.SECRET);
    }
}
