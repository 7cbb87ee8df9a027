package dev.talon.ai.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.ai.analysis.Explainer;
import dev.talon.ai.analysis.logs.AdHocAnalysis;
import dev.talon.ai.analysis.logs.LogTemplate;
import dev.talon.ai.config.AiConfig;
import dev.talon.api.AccessControl;
import dev.talon.api.Registrar;
import dev.talon.api.servers.ServerDirectory;
import dev.talon.api.servers.ServerDirectory.ServerInfo;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import dev.talon.api.web.RouteHandler;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The insights API under {@code /api/ai}: a server's insights, the caller's recommendations,
 * acknowledge/dismiss, and an ad-hoc log analysis. The host has authenticated the caller (API key,
 * or session + CSRF for writes) and checked the panel-wide {@code ai.insights}; each handler checks
 * {@code ai.insights} on the server. A server the caller has no access to at all answers 404 (its
 * existence is not revealed); a subuser who may see the server's console but lacks
 * {@code ai.insights} there gets 403.
 */
public final class InsightsApi {

    static final String PERMISSION = "ai.insights";
    /** The largest {@code log} body analysed at once (characters). */
    public static final int MAX_LOG_CHARS = 2 << 20;
    /** How much of a server's log {@code server_id} analyses: its last bytes. */
    static final int SERVER_LOG_BYTES = 1 << 20;

    private final Insights insights;
    private final ServerDirectory servers;
    private final AccessControl access;
    private final AdHocAnalysis adHoc;
    private final Supplier<AiConfig> config;
    private final ObjectMapper json = new ObjectMapper();

    public InsightsApi(Insights insights, ServerDirectory servers, AccessControl access, AdHocAnalysis adHoc, Supplier<AiConfig> config) {
        this.insights = insights;
        this.servers = servers;
        this.access = access;
        this.adHoc = adHoc;
        this.config = config;
    }

    public void register(Registrar registrar) {
        route(registrar, HttpMethod.GET, "/api/ai/insights/server/{identifier}", this::ofServer);
        route(registrar, HttpMethod.GET, "/api/ai/recommendations", this::recommendations);
        route(registrar, HttpMethod.POST, "/api/ai/insights/{id}/acknowledge", r -> mark(r, false));
        route(registrar, HttpMethod.POST, "/api/ai/insights/{id}/dismiss", r -> mark(r, true));
        route(registrar, HttpMethod.POST, "/api/ai/analyze/logs", this::analyzeLogs);
    }

    private void route(Registrar registrar, HttpMethod method, String path, RouteHandler handler) {
        registrar.route(Route.of(Area.API, method, path, handler).requires(PERMISSION).when(() -> config.get().enabled()));
    }

    private void ofServer(Request r) {
        ServerInfo server = permitted(r, r.pathParam("identifier"));
        ObjectNode out = json.createObjectNode();
        ArrayNode data = out.putArray("data");
        insights.ofServer(server.uuid(), 200).forEach(i -> data.add(shape(i)));
        send(r, 200, out);
    }

    /** Open insights with a recommendation or of kind recommendation, over the caller's visible servers. */
    private void recommendations(Request r) {
        List<String> visible = servers.list().stream().filter(s -> access.can(r.user(), PERMISSION, s.uuid()))
                .map(ServerInfo::uuid).toList();
        ObjectNode out = json.createObjectNode();
        ArrayNode data = out.putArray("data");
        insights.ofServers(visible, 500).stream()
                .filter(i -> "recommendation".equals(i.kind()) || (i.recommendation() != null && !i.recommendation().isBlank()))
                .filter(i -> i.resolvedAt() == null)
                .limit(200)
                .forEach(i -> data.add(shape(i)));
        send(r, 200, out);
    }

    private void mark(Request r, boolean dismiss) {
        long id;
        try {
            id = Long.parseLong(r.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is no such insight.");
        }
        Insight insight = insights.find(id).orElseThrow(() -> new NotFoundResponse("There is no such insight."));
        if (insight.serverUuid() == null) {
            if (!r.user().rootAdmin()) {
                throw new NotFoundResponse("There is no such insight.");
            }
        } else {
            permitted(r, insight.serverUuid());
        }
        insights.mark(id, dismiss);
        send(r, 200, shape(insights.find(id).orElseThrow()));
    }

    private void analyzeLogs(Request r) {
        JsonNode body;
        try {
            body = json.readTree(r.ctx().body());
        } catch (Exception e) {
            throw new BadRequestResponse("The body must be JSON: {\"server_id\": \"…\"} or {\"log\": \"…\"}.");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestResponse("The body must be a JSON object: {\"server_id\": \"…\"} or {\"log\": \"…\"}.");
        }
        List<String> lines;
        String source;
        if (body.hasNonNull("server_id")) {
            ServerInfo server = permitted(r, body.get("server_id").asText());
            lines = recentLog(server);
            source = "server:" + server.identifier();
        } else if (body.hasNonNull("log")) {
            String log = body.get("log").asText();
            if (log.length() > MAX_LOG_CHARS) {
                throw new HttpResponseException(413, "The log is longer than " + MAX_LOG_CHARS + " characters; send its last part.",
                        Map.of());
            }
            lines = log.lines().toList();
            source = "body";
        } else {
            throw new BadRequestResponse("Give either \"server_id\" or \"log\".");
        }
        AdHocAnalysis.Report report = adHoc.analyse(lines, 10);
        send(r, 200, report(report, source));
    }

    /**
     * The last part (up to {@link #SERVER_LOG_BYTES}) of the server's current log, in whole lines.
     * The directory reads forward only, so this walks the log in chunks and keeps the last one.
     */
    private List<String> recentLog(ServerInfo server) {
        var read = servers.readLog(server.uuid(), 0, SERVER_LOG_BYTES);
        List<String> last = read.lines();
        while (!read.lines().isEmpty()) {
            read = servers.readLog(server.uuid(), read.nextOffset(), SERVER_LOG_BYTES);
            if (read.restarted()) {
                break;
            }
            if (!read.lines().isEmpty()) {
                last = read.lines();
            }
        }
        return last;
    }

    ObjectNode report(AdHocAnalysis.Report report, String source) {
        ObjectNode out = json.createObjectNode();
        out.put("source", source);
        out.put("lines", report.lines());
        out.put("events", report.events());
        ArrayNode clusters = out.putArray("clusters");
        for (LogTemplate t : report.templates().stream().sorted((a, b) -> Long.compare(b.count(), a.count())).limit(50).toList()) {
            ObjectNode c = clusters.addObject();
            c.put("id", t.id());
            c.put("template", t.template());
            c.put("count", t.count());
            c.put("level", t.level() == null ? null : t.level().name().toLowerCase(java.util.Locale.ROOT));
            c.put("first_line", t.firstLine());
            c.put("last_line", t.lastLine());
            c.put("first_seen", t.firstSeen());
            c.put("last_seen", t.lastSeen());
            c.put("burst", t.burst());
            c.put("notable", t.notable());
            ArrayNode examples = c.putArray("examples");
            t.examples().forEach(e -> examples.add(String.join("\n", e)));
        }
        if (report.summary() == null) {
            out.putNull("summary");
        } else {
            out.put("summary", report.summary());
        }
        out.put("model", report.model());
        if (report.problem() != null) {
            out.put("note", report.problem());
        }
        ArrayNode found = out.putArray("insights");
        for (LogTemplate t : report.notable()) {
            ObjectNode i = found.addObject();
            var finding = dev.talon.ai.analysis.logs.LogFindings.finding(null, null, null, t, false);
            Explainer.Explanation e = report.explanations().get(t.id());
            i.put("cluster_id", t.id());
            i.put("kind", finding.kind());
            i.put("severity", finding.severity());
            i.put("title", finding.title());
            i.put("explanation", e == null ? finding.facts() : e.explanation());
            i.put("recommendation", e == null ? null : e.recommendation());
            i.put("evidence", finding.evidence());
            i.put("ai_status", e == null ? "pending" : "done");
        }
        return out;
    }

    /**
     * The server, when the caller holds {@code ai.insights} on it; 403 when they can see the
     * server otherwise (a subuser with console access), else 404.
     */
    private ServerInfo permitted(Request r, String uuidOrIdentifier) {
        ServerInfo server = servers.find(uuidOrIdentifier).orElseThrow(() -> new NotFoundResponse("There is no such server."));
        if (access.can(r.user(), PERMISSION, server.uuid())) {
            return server;
        }
        if (access.can(r.user(), "websocket.connect", server.uuid())) {
            throw new ForbiddenResponse("You do not have the permission \"ai.insights\" on this server.");
        }
        throw new NotFoundResponse("There is no such server.");
    }

    ObjectNode shape(Insight i) {
        ObjectNode o = json.createObjectNode();
        o.put("id", i.id());
        o.put("server_uuid", i.serverUuid());
        o.put("server_name", i.serverName());
        o.put("kind", i.kind());
        o.put("category", i.category());
        o.put("severity", i.severity());
        o.put("title", i.title());
        o.put("explanation", i.explanation());
        o.put("recommendation", i.recommendation());
        o.put("evidence", i.evidence());
        o.put("model", i.model());
        o.put("created_at", Instant.ofEpochMilli(i.createdAt()).toString());
        o.put("ai_status", i.aiStatus());
        if (i.awaitingAi()) {
            o.put("ai_note", "no AI summary yet");
        }
        o.put("acknowledged_at", i.acknowledgedAt() == null ? null : Instant.ofEpochMilli(i.acknowledgedAt()).toString());
        o.put("dismissed_at", i.dismissedAt() == null ? null : Instant.ofEpochMilli(i.dismissedAt()).toString());
        return o;
    }

    private void send(Request r, int status, JsonNode body) {
        r.ctx().status(status).contentType("application/json").result(body.toString());
    }
}
