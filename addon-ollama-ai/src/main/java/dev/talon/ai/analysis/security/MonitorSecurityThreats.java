package dev.talon.ai.analysis.security;

import dev.talon.ai.analysis.AnalysisStore;
import dev.talon.ai.analysis.PendingCompleter;
import dev.talon.ai.config.AiConfig;
import dev.talon.ai.insights.Finding;
import dev.talon.ai.insights.Insights;
import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Recorded;
import dev.talon.api.PanelUser;
import dev.talon.api.UserDirectory;
import dev.talon.api.jobs.JobContext;
import dev.talon.api.jobs.PanelJob;
import dev.talon.api.servers.ServerDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * The {@code MonitorSecurityThreats} job: reads the activity log on from where it stopped and
 * raises alerts with their evidence — bursts of failed sign-ins per account and per address,
 * root administrators signing in from an address not seen for them before, API keys used from a
 * new address (the host records {@value #API_KEY_NEW_IP} once per key and address; a key's first
 * address is its baseline), console commands that change operators or permissions, and
 * executables written through the file manager. Alerts are stored "no AI summary yet" and
 * explained by the security model when Ollama answers. The cursor, the known addresses and the
 * alerts of a run commit together; an open alert with the same fingerprint within
 * {@link #REPEAT_AFTER} is not repeated.
 */
public final class MonitorSecurityThreats implements PanelJob {

    public static final String KEY = "ai-monitor-security-threats";
    /** Cursor rows are per server; the activity log is panel-wide. */
    static final String PANEL = "panel";
    static final String SOURCE = "activity";
    static final String WINDOW_SOURCE = "activity-window";
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final int PER_ACCOUNT = 5;
    static final int PER_ADDRESS = 10;
    static final Duration REPEAT_AFTER = Duration.ofHours(1);
    /** The host's entry for an API key's first use from an address (panel-core {@code ApiKeys.NEW_ADDRESS}). */
    static final String API_KEY_NEW_IP = "auth.api-key.new-ip";
    private static final int PAGE = 1000;
    private static final int MAX_PAGES = 50;
    private static final int EVIDENCE_LINES = 20;

    private final ActivityLog activity;
    private final UserDirectory users;
    private final ServerDirectory servers;
    private final Insights insights;
    private final AnalysisStore store;
    private final PendingCompleter completer;
    private final Supplier<AiConfig> config;
    private final Clock clock;

    public MonitorSecurityThreats(ActivityLog activity, UserDirectory users, ServerDirectory servers, Insights insights,
                                  AnalysisStore store, PendingCompleter completer, Supplier<AiConfig> config, Clock clock) {
        this.activity = activity;
        this.users = users;
        this.servers = servers;
        this.insights = insights;
        this.store = store;
        this.completer = completer;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public boolean enabled() {
        AiConfig c = config.get();
        return c.on(c.features().securityScanning());
    }

    @Override
    public String run(JobContext context) {
        long started = clock.millis();
        long cursor = store.cursor(PANEL, SOURCE, 0);
        long windowFrom = Math.min(cursor, store.cursor(PANEL, WINDOW_SOURCE, cursor));
        List<Recorded> fresh = read(cursor, "");
        long next = fresh.isEmpty() ? cursor : fresh.getLast().id();
        // Failed sign-ins again from the start of the last window, so a burst split across two runs is seen whole.
        List<Recorded> failed = read(windowFrom, "auth.login.failed").stream().filter(e -> e.id() <= next).toList();

        List<Finding> findings = new ArrayList<>();
        for (var b : SecurityRules.bursts(new ArrayList<>(failed), SecurityRules::account, WINDOW, PER_ACCOUNT, cursor)) {
            findings.add(alert(b.count() >= PER_ACCOUNT * 4 ? "critical" : "warning",
                    b.count() + " failed sign-ins for " + b.key() + " within " + WINDOW.toMinutes() + " min",
                    "account", b.key(), b.entries()));
        }
        for (var b : SecurityRules.bursts(new ArrayList<>(failed), Recorded::ip, WINDOW, PER_ADDRESS, cursor)) {
            findings.add(alert(b.count() >= PER_ADDRESS * 4 ? "critical" : "warning",
                    b.count() + " failed sign-ins from " + b.key() + " within " + WINDOW.toMinutes() + " min",
                    "address", b.key(), b.entries()));
        }
        findings.addAll(consoleCommands(fresh));
        findings.addAll(apiKeyAddresses(fresh));
        findings.addAll(executableWrites(fresh));

        long windowStart = failed.stream().filter(e -> e.createdAt() >= clock.millis() - WINDOW.toMillis())
                .mapToLong(Recorded::id).min().orElse(next + 1) - 1;
        int[] stored = {0};
        store.jdbi().useTransaction(h -> {
            for (Finding f : adminLogins(h, fresh)) {
                stored[0] += store(h, f);
            }
            for (Finding f : findings) {
                stored[0] += store(h, f);
            }
            store.saveCursor(h, PANEL, SOURCE, next);
            store.saveCursor(h, PANEL, WINDOW_SOURCE, Math.max(windowFrom, windowStart));
        });

        var done = completer.complete("security", () -> config.get().models().security());
        String summary = fresh.size() + " activity entries, " + stored[0] + " new alerts, " + done.completed() + " explained"
                + (done.problem() == null ? "" : "; " + done.stillPending() + " wait for an AI summary (" + done.problem() + ")");
        store.recordRun(KEY, started, clock.millis() - started, fresh.size(), stored[0], done.tokensIn(), done.tokensOut(), summary);
        return summary;
    }

    private int store(Handle h, Finding f) {
        if (insights.hasOpen(h, f.serverUuid(), f.fingerprint(), clock.millis() - REPEAT_AFTER.toMillis())) {
            return 0;
        }
        insights.addFinding(h, f);
        return 1;
    }

    private List<Recorded> read(long afterId, String prefix) {
        List<Recorded> out = new ArrayList<>();
        long after = afterId;
        for (int page = 0; page < MAX_PAGES; page++) {
            List<Recorded> batch = activity.since(after, prefix, PAGE);
            out.addAll(batch);
            if (batch.size() < PAGE) {
                break;
            }
            after = batch.getLast().id();
        }
        return out;
    }

    private Finding alert(String severity, String title, String keyKind, String key, List<Recorded> entries) {
        var ips = entries.stream().map(Recorded::ip).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        var accounts = entries.stream().map(SecurityRules::account).filter(java.util.Objects::nonNull)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        String facts = entries.size() + " failed sign-ins between " + java.time.Instant.ofEpochMilli(entries.getFirst().createdAt())
                + " and " + java.time.Instant.ofEpochMilli(entries.getLast().createdAt()) + "; addresses: " + ips + "; accounts: " + accounts;
        return new Finding(null, null, null, "alert", "security", severity, title, facts, evidence(facts, entries),
                "sec-login-" + keyKind + ":" + key);
    }

    private static String evidence(String facts, List<Recorded> entries) {
        var b = new StringBuilder(facts).append('\n');
        entries.stream().limit(EVIDENCE_LINES).forEach(e -> b.append("> ").append(SecurityRules.line(e)).append('\n'));
        if (entries.size() > EVIDENCE_LINES) {
            b.append("(").append(entries.size() - EVIDENCE_LINES).append(" more)\n");
        }
        return b.toString();
    }

    /** Root administrators signing in from an address not seen for them; the first address of each is the baseline. */
    private List<Finding> adminLogins(Handle h, List<Recorded> fresh) {
        List<Finding> out = new ArrayList<>();
        for (Recorded e : fresh) {
            if (!e.action().equals("auth.login") || e.actorId() == null || e.ip() == null) {
                continue;
            }
            Optional<PanelUser> user = users.find(e.actorId());
            if (user.isEmpty() || !user.get().rootAdmin()) {
                continue;
            }
            List<String> known = h.createQuery("SELECT ip FROM ai_known_ips WHERE user_id = :u ORDER BY first_seen")
                    .bind("u", e.actorId()).mapTo(String.class).list();
            if (known.contains(e.ip())) {
                continue;
            }
            h.createUpdate("INSERT INTO ai_known_ips (user_id, ip, first_seen) VALUES (:u, :ip, :at)")
                    .bind("u", e.actorId()).bind("ip", e.ip()).bind("at", e.createdAt()).execute();
            if (known.isEmpty()) {
                continue;
            }
            String facts = "Root administrator " + user.get().email() + " signed in from " + e.ip() + ", an address not seen for them before;"
                    + " known addresses: " + known.stream().limit(10).toList();
            out.add(new Finding(null, null, null, "alert", "security", "warning",
                    "Administrator " + user.get().email() + " signed in from a new address " + e.ip(), facts,
                    evidence(facts, List.of(e)), "sec-admin-ip:" + e.actorId() + ":" + e.ip()));
        }
        return out;
    }

    /** Console commands that change operators or permissions, one alert per command entry. */
    private List<Finding> consoleCommands(List<Recorded> fresh) {
        List<Finding> out = new ArrayList<>();
        for (Recorded e : fresh) {
            if (!e.action().equals("server.console.command")) {
                continue;
            }
            Optional<String> command = SecurityRules.command(e);
            Optional<String> why = command.flatMap(SecurityRules::suspicious);
            if (why.isEmpty()) {
                continue;
            }
            String uuid = e.subject() != null && e.subject().startsWith("server:") ? e.subject().substring(7) : null;
            var server = uuid == null ? Optional.<ServerDirectory.ServerInfo>empty() : servers.find(uuid);
            String who = e.actorId() == null ? "the system" : users.find(e.actorId()).map(PanelUser::email).orElse("user " + e.actorId());
            String facts = who + " ran \"" + command.get() + "\" on " + server.map(ServerDirectory.ServerInfo::name).orElse(String.valueOf(uuid))
                    + (e.ip() == null ? "" : " from " + e.ip()) + " (" + why.get() + ")";
            out.add(new Finding(uuid, server.map(ServerDirectory.ServerInfo::name).orElse(null),
                    server.map(ServerDirectory.ServerInfo::ownerId).orElse(null), "alert", "security", "warning",
                    "Console " + why.get() + ": " + cut(command.get(), 120), facts, evidence(facts, List.of(e)), "sec-console:" + e.id()));
        }
        return out;
    }

    /** An API key used from an address it was not used from before; its first address is the baseline. */
    private List<Finding> apiKeyAddresses(List<Recorded> fresh) {
        List<Finding> out = new ArrayList<>();
        for (Recorded e : fresh) {
            if (!e.action().equals(API_KEY_NEW_IP) || SecurityRules.metadata(e, "first_use").map(Boolean::parseBoolean).orElse(false)) {
                continue;
            }
            String prefix = SecurityRules.metadata(e, "key").orElse(e.subject() == null ? "?" : e.subject().replace("api-key:", ""));
            String who = who(e);
            String facts = "API key tln_" + prefix + "_… (" + SecurityRules.metadata(e, "name").orElse("unnamed") + ") of " + who
                    + " was used from " + e.ip() + " at " + java.time.Instant.ofEpochMilli(e.createdAt())
                    + ", an address this key was not used from before";
            out.add(new Finding(null, null, null, "alert", "security", "warning",
                    "API key tln_" + prefix + " of " + who + " used from a new address " + e.ip(), facts,
                    evidence(facts, List.of(e)), "sec-api-key-ip:" + prefix + ":" + e.ip()));
        }
        return out;
    }

    /** Scripts, programs and plugins written, uploaded or renamed into place through the file manager. */
    private List<Finding> executableWrites(List<Recorded> fresh) {
        List<Finding> out = new ArrayList<>();
        for (Recorded e : fresh) {
            List<SecurityRules.ExecutableWrite> writes = SecurityRules.executables(e);
            if (writes.isEmpty()) {
                continue;
            }
            String uuid = e.subject() != null && e.subject().startsWith("server:") ? e.subject().substring(7) : null;
            var server = uuid == null ? Optional.<ServerDirectory.ServerInfo>empty() : servers.find(uuid);
            String serverName = server.map(ServerDirectory.ServerInfo::name).orElse(String.valueOf(uuid));
            String files = writes.stream().map(w -> w.path() + " (" + w.how() + "; " + w.why() + ")").collect(Collectors.joining(", "));
            String facts = who(e) + " wrote " + files + " on " + serverName + (e.ip() == null ? "" : " from " + e.ip())
                    + " at " + java.time.Instant.ofEpochMilli(e.createdAt());
            out.add(new Finding(uuid, server.map(ServerDirectory.ServerInfo::name).orElse(null),
                    server.map(ServerDirectory.ServerInfo::ownerId).orElse(null), "alert", "security", SecurityRules.executableSeverity(writes),
                    "Executable written through the file manager: " + cut(writes.getFirst().path(), 100)
                            + (writes.size() > 1 ? " and " + (writes.size() - 1) + " more" : ""),
                    facts, evidence(facts, List.of(e)), "sec-exec-write:" + e.id()));
        }
        return out;
    }

    private String who(Recorded e) {
        return e.actorId() == null ? "the system" : users.find(e.actorId()).map(PanelUser::email).orElse("user " + e.actorId());
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
