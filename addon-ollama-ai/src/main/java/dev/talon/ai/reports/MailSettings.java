package dev.talon.ai.reports;

import dev.talon.ai.config.ResolvedConfig;
import java.util.Arrays;
import java.util.List;

/**
 * Where report e-mails go and how, read from AI Settings ({@code reports.email.*},
 * {@code reports.smtp.*}) at each delivery, so a change applies to the next e-mail.
 *
 * @param tls {@code starttls} (required before authenticating), {@code tls} (implicit, port 465) or {@code none}
 */
public record MailSettings(String host, int port, String tls, String username, String password, String from, List<String> to) {

    public static MailSettings of(ResolvedConfig c) {
        String to = c.value("reports.email.to");
        return new MailSettings(c.value("reports.smtp.host"), Integer.parseInt(c.value("reports.smtp.port")), c.value("reports.smtp.tls"),
                c.value("reports.smtp.username"), c.value("reports.smtp.password"), c.value("reports.email.from"),
                to.isBlank() ? List.of() : Arrays.stream(to.split(",\\s*")).filter(a -> !a.isBlank()).toList());
    }

    /** Whether reports are to be e-mailed at all: an SMTP host and at least one recipient. */
    public boolean configured() {
        return !host.isBlank() && !to.isEmpty();
    }

    /** What is missing for e-mail, for the settings page; null when nothing is. */
    public String missing() {
        if (host.isBlank()) {
            return "Set reports.smtp.host first.";
        }
        if (to.isEmpty()) {
            return "Set reports.email.to first.";
        }
        return null;
    }

    /** The sender: {@code reports.email.from}, else the user name when it is an address, else talon@host. */
    public String sender() {
        if (!from.isBlank()) {
            return from;
        }
        return username.contains("@") ? username : "talon@" + host;
    }

    @Override
    public String toString() {
        return "MailSettings[" + host + ":" + port + " " + tls + " user=" + username + " to=" + to + "]"; // never the password
    }
}
