package dev.talon.ai.reports;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.function.Supplier;
import org.eclipse.angus.mail.util.MailConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends reports by SMTP through Jakarta Mail (Eclipse Angus Mail): a {@code multipart/alternative}
 * message with the Markdown as plain text and the sanitised HTML rendering, to every address in
 * {@code reports.email.to}. Settings are read at each send. Failures come back as one plain
 * sentence for the report and the settings page (the details go to the log), never as an
 * exception. Thread-safe; each send opens its own connection (a few per day).
 */
public final class ReportMailer {

    private static final Logger LOG = LoggerFactory.getLogger(ReportMailer.class);
    private static final int TIMEOUT_MS = 20_000;

    /** The outcome of one send: {@code error} is null on success. */
    public record Outcome(boolean sent, String error) {
        static Outcome ok() {
            return new Outcome(true, null);
        }

        static Outcome failed(String error) {
            return new Outcome(false, error);
        }
    }

    private final Supplier<MailSettings> settings;
    private final ReportHtml html;

    public ReportMailer(Supplier<MailSettings> settings, ReportHtml html) {
        this.settings = settings;
        this.html = html;
    }

    public boolean configured() {
        return settings.get().configured();
    }

    /** E-mails one report. */
    public Outcome send(String title, String markdown) {
        return send(settings.get(), "[Talon] " + title, markdown);
    }

    /** The "Send test e-mail" action of AI Settings. */
    public Outcome sendTest() {
        MailSettings s = settings.get();
        if (s.missing() != null) {
            return Outcome.failed(s.missing());
        }
        return send(s, "[Talon] Test e-mail", "# Test e-mail\n\nReports of the ollama-ai add-on will arrive like this. Sent at "
                + Instant.now() + ".\n");
    }

    private Outcome send(MailSettings s, String subject, String markdown) {
        if (!s.configured()) {
            return Outcome.failed(s.missing());
        }
        // Jakarta Mail finds its SMTP provider and the MIME handlers through the context class
        // loader; on a job or request thread that is the host's, which does not see the add-on's
        // shaded copy of Angus Mail.
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(ReportMailer.class.getClassLoader());
        try {
            Session session = Session.getInstance(properties(s));
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(s.sender(), true));
            for (String to : s.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            message.setSubject(subject, "UTF-8");
            message.setSentDate(new Date());
            var text = new MimeBodyPart();
            text.setText(markdown, "UTF-8", "plain");
            var rich = new MimeBodyPart();
            rich.setText("<!doctype html><html><body>" + html.render(markdown).value() + "</body></html>", "UTF-8", "html");
            var alternative = new MimeMultipart("alternative", text, rich); // the last part is the preferred one
            message.setContent(alternative);
            if (s.username().isBlank()) {
                Transport.send(message);
            } else {
                Transport.send(message, s.username(), s.password());
            }
            return Outcome.ok();
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Report e-mail through {}:{} failed: {}", s.host(), s.port(), e.toString());
            return Outcome.failed(explain(s, e));
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private static Properties properties(MailSettings s) {
        var p = new Properties();
        String prefix = "mail.smtp.";
        p.put(prefix + "host", s.host());
        p.put(prefix + "port", String.valueOf(s.port()));
        p.put(prefix + "auth", String.valueOf(!s.username().isBlank()));
        p.put(prefix + "connectiontimeout", String.valueOf(TIMEOUT_MS));
        p.put(prefix + "timeout", String.valueOf(TIMEOUT_MS));
        p.put(prefix + "writetimeout", String.valueOf(TIMEOUT_MS));
        if (s.tls().equals("tls")) {
            p.put(prefix + "ssl.enable", "true"); // implicit TLS (port 465)
        } else if (s.tls().equals("starttls")) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        }
        if (!s.tls().equals("none")) {
            p.put(prefix + "ssl.checkserveridentity", "true");
        }
        return p;
    }

    /** One sentence an administrator can act on. */
    static String explain(MailSettings s, Exception e) {
        String where = s.host() + ":" + s.port();
        if (e instanceof AuthenticationFailedException) {
            return "The SMTP server " + where + " refused the user name or password.";
        }
        if (e instanceof MailConnectException) {
            return "Could not connect to the SMTP server " + where + " (" + s.tls() + ").";
        }
        if (e instanceof SendFailedException sf && sf.getInvalidAddresses() != null && sf.getInvalidAddresses().length > 0) {
            return "The SMTP server " + where + " refused the recipients " + java.util.Arrays.toString(sf.getInvalidAddresses()) + ".";
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("").strip();
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "…";
        }
        return "Sending through " + where + " failed: " + detail;
    }
}
