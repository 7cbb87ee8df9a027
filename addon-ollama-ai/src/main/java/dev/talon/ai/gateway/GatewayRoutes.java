package dev.talon.ai.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.ai.AiRuntime;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.EmbedRequest;
import dev.talon.ai.ollama.api.GenerateRequest;
import dev.talon.ai.ollama.api.ModelSummary;
import dev.talon.ai.ollama.api.Think;
import dev.talon.ai.usage.UsageLog;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import dev.talon.api.web.RouteHandler;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An Ollama-compatible gateway under {@code /api/ai/ollama}: {@code /api/chat}, {@code /api/generate},
 * {@code /api/embed}, {@code /api/tags}, {@code /api/show}, {@code /api/ps} and {@code /api/version}
 * in Ollama's wire format (snake_case fields, NDJSON streaming by default, {@code {"error": "…"}}
 * with Ollama's status codes, an error line after streaming started), so Ollama's own client
 * libraries can point at the panel instead of an open Ollama port.
 *
 * <p>Governance: panel API keys ({@code Authorization: Bearer}; the host answers 401 for a bad
 * one), a request rate per key ({@code gateway.rate}), a model allow-list ({@code gateway.models}:
 * other models look "not found", as on Ollama), the shared client's global concurrency limit, and
 * a usage record per model call (audit, analytics). {@code keep_alive} from clients is dropped:
 * the operator's setting stays in charge. Pull, create, copy and delete are not exposed.
 */
public final class GatewayRoutes {

    private static final String BASE = "/api/ai/ollama";

    private final AiRuntime runtime;
    private final UsageLog usage;
    private final MeterRegistry meters;
    private final Clock clock;
    private final KeyRateLimit rate;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);

    public GatewayRoutes(AiRuntime runtime, UsageLog usage, MeterRegistry meters, Clock clock) {
        this.runtime = runtime;
        this.usage = usage;
        this.meters = meters;
        this.clock = clock;
        this.rate = new KeyRateLimit(clock);
    }

    public void register(Registrar registrar) {
        route(registrar, HttpMethod.POST, "/api/chat", this::chat);
        route(registrar, HttpMethod.POST, "/api/generate", this::generate);
        route(registrar, HttpMethod.POST, "/api/embed", this::embed);
        route(registrar, HttpMethod.GET, "/api/tags", r -> models(r, false));
        route(registrar, HttpMethod.GET, "/api/ps", r -> models(r, true));
        route(registrar, HttpMethod.POST, "/api/show", this::show);
        route(registrar, HttpMethod.GET, "/api/version", r -> write(r, 200,
                json.createObjectNode().put("version", runtime.client().version(Feature.GATEWAY))));
        route(registrar, HttpMethod.GET, "/", r -> r.ctx().contentType("text/plain; charset=utf-8").result("Ollama is running"));
    }

    private void route(Registrar registrar, HttpMethod method, String path, RouteHandler handler) {
        String endpoint = path.equals("/") ? "root" : path.substring("/api/".length());
        registrar.route(Route.of(Area.API, method, BASE + path, r -> guarded(r, endpoint, handler))
                .requires("ai.gateway").when(() -> runtime.config().enabled()));
    }

    /** Rate limit, then the handler with Ollama's errors mapped to Ollama's statuses. */
    private void guarded(Request r, String endpoint, RouteHandler handler) throws Exception {
        long wait = rate.acquire(keyId(r), runtime.settings().resolved().integer("gateway.rate"));
        if (wait > 0) {
            count(endpoint, "rate_limited");
            throw new HttpResponseException(429, "rate limit exceeded for this API key, try again in " + wait + "s",
                    Map.of("Retry-After", String.valueOf(wait)));
        }
        try {
            handler.handle(r);
            count(endpoint, "ok");
        } catch (OllamaException e) {
            count(endpoint, e.type());
            throw status(e);
        } catch (HttpResponseException e) {
            count(endpoint, String.valueOf(e.getStatus()));
            throw e;
        }
    }

    private void chat(Request r) throws IOException {
        ObjectNode body = body(r);
        Think think = think(body.remove("think"));
        boolean stream = body.path("stream").asBoolean(true);
        ChatRequest request = parse(body, ChatRequest.class).withKeepAlive(null).withThink(think);
        allowed(request.model());
        var call = new UsageLog.Call(r.user().id(), Feature.GATEWAY, "chat", request.model(), body.path("messages").toString().length());
        relay(r, stream, call, runtime.client().streamChat(Feature.GATEWAY, request), c -> c.promptEvalCount(), c -> c.evalCount());
    }

    private void generate(Request r) throws IOException {
        ObjectNode body = body(r);
        Think think = think(body.remove("think"));
        boolean stream = body.path("stream").asBoolean(true);
        GenerateRequest request = parse(body, GenerateRequest.class);
        request = new GenerateRequest(request.model(), request.prompt(), request.suffix(), request.system(), request.template(),
                request.images(), request.raw(), request.format(), request.options(), null, think);
        allowed(request.model());
        var call = new UsageLog.Call(r.user().id(), Feature.GATEWAY, "generate", request.model(),
                request.prompt() == null ? 0 : request.prompt().length());
        relay(r, stream, call, runtime.client().streamGenerate(Feature.GATEWAY, request), g -> g.promptEvalCount(), g -> g.evalCount());
    }

    /**
     * Sends an upstream stream on: line by line when the caller streams, else one object. Before
     * the first byte an error is a status; after it, one {@code {"error": …}} line, as Ollama does.
     */
    private <T> void relay(Request r, boolean stream, UsageLog.Call call, OllamaStream<T> upstream,
                           Function<T, Integer> tokensIn, Function<T, Integer> tokensOut) throws IOException {
        long start = System.nanoTime();
        OutputStream out = null;
        T last = null;
        try (upstream) {
            if (!stream) {
                last = upstream.result();
                write(r, 200, json.valueToTree(last));
                record(call, start, last, tokensIn, tokensOut, "ok", null);
                return;
            }
            while (upstream.hasNext()) {
                T chunk = upstream.next();
                last = chunk;
                if (out == null) {
                    var res = r.ctx().res();
                    res.setStatus(200);
                    res.setContentType("application/x-ndjson");
                    out = res.getOutputStream();
                }
                out.write(json.writeValueAsBytes(chunk));
                out.write('\n');
                out.flush();
            }
            record(call, start, last, tokensIn, tokensOut, "ok", null);
        } catch (IOException clientGone) {
            upstream.cancel();
            record(call, start, last, tokensIn, tokensOut, "stopped", null);
        } catch (OllamaException e) {
            record(call, start, last, tokensIn, tokensOut, e instanceof OllamaException.Cancelled ? "stopped" : "error", e.type());
            if (out == null) {
                throw e;
            }
            try {
                out.write(json.writeValueAsBytes(Map.of("error", message(e))));
                out.write('\n');
                out.flush();
            } catch (IOException ignored) {
                // the caller left as well
            }
        }
    }

    private void embed(Request r) throws IOException {
        ObjectNode body = body(r);
        EmbedRequest request = parse(body, EmbedRequest.class);
        request = new EmbedRequest(request.model(), request.input() == null ? List.of() : request.input(), request.truncate(),
                request.dimensions(), request.options(), null);
        allowed(request.model());
        long start = System.nanoTime();
        var call = new UsageLog.Call(r.user().id(), Feature.GATEWAY, "embed", request.model(),
                request.input().stream().mapToInt(String::length).sum());
        try {
            var result = runtime.client().embed(Feature.GATEWAY, request);
            usage.record(call, UsageLog.Result.ok(null, null, null, (System.nanoTime() - start) / 1_000_000));
            write(r, 200, json.valueToTree(result));
        } catch (OllamaException e) {
            usage.record(call, UsageLog.Result.failed(e, (System.nanoTime() - start) / 1_000_000));
            throw e;
        }
    }

    private void models(Request r, boolean loaded) throws IOException {
        List<ModelSummary> all = loaded ? runtime.client().ps(Feature.GATEWAY) : runtime.client().tags(Feature.GATEWAY);
        ObjectNode out = json.createObjectNode();
        var array = out.putArray("models");
        all.stream().filter(m -> isAllowed(m.name())).forEach(m -> array.add(json.valueToTree(m)));
        write(r, 200, out);
    }

    private void show(Request r) throws IOException {
        ObjectNode body = body(r);
        String model = body.hasNonNull("model") ? body.get("model").asText() : body.path("name").asText(null);
        if (model == null || model.isBlank()) {
            throw new HttpResponseException(400, "model is required", Map.of());
        }
        allowed(model);
        write(r, 200, json.valueToTree(runtime.client().show(Feature.GATEWAY, model)));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private void allowed(String model) {
        if (model == null || model.isBlank()) {
            throw new HttpResponseException(400, "model is required", Map.of());
        }
        if (!isAllowed(model)) {
            throw new HttpResponseException(404, "model \"" + model + "\" not found, try pulling it first", Map.of());
        }
    }

    private boolean isAllowed(String model) {
        String list = runtime.settings().resolved().value("gateway.models").trim();
        if (list.equals("*")) {
            return true;
        }
        String name = full(model);
        for (String allowed : list.split("\\s*,\\s*")) {
            if (full(allowed).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static String full(String model) {
        return model.contains(":") ? model : model + ":latest";
    }

    private static Think think(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? Think.ON : Think.OFF;
        }
        return switch (node.asText()) {
            case "low" -> Think.LOW;
            case "medium" -> Think.MEDIUM;
            case "high" -> Think.HIGH;
            default -> throw new HttpResponseException(400, "invalid think value: \"" + node.asText()
                    + "\" (must be \"high\", \"medium\", \"low\", true, or false)", Map.of());
        };
    }

    /** Ollama's status for each failure, with Ollama-like messages. */
    private static HttpResponseException status(OllamaException e) {
        return switch (e) {
            case OllamaException.ModelNotFound m -> new HttpResponseException(404, "model \"" + m.model()
                    + "\" not found, try pulling it first", Map.of());
            case OllamaException.BadRequest b -> new HttpResponseException(b.status() >= 400 && b.status() < 500 ? b.status() : 400,
                    b.serverMessage(), Map.of());
            case OllamaException.Overloaded o -> new HttpResponseException(503,
                    "server busy, please try again.  maximum pending requests exceeded",
                    Map.of("Retry-After", String.valueOf(o.retryAfterSeconds())));
            case OllamaException.OllamaUnavailable u -> new HttpResponseException(503, "ollama is not reachable", Map.of());
            case OllamaException.Cancelled c -> new HttpResponseException(499, "request canceled", Map.of());
            default -> new HttpResponseException(500, message(e), Map.of());
        };
    }

    private static String message(OllamaException e) {
        return e instanceof OllamaException.ModelFailed f ? f.serverMessage() : e.getMessage();
    }

    private <T> void record(UsageLog.Call call, long start, T last, Function<T, Integer> in, Function<T, Integer> out,
                            String outcome, String errorType) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        usage.record(call, new UsageLog.Result(last == null ? null : in.apply(last), last == null ? null : out.apply(last),
                null, ms, outcome, errorType));
    }

    private void count(String endpoint, String outcome) {
        meters.counter("talon.ai.gateway.requests", "endpoint", endpoint, "outcome", outcome).increment();
    }

    private ObjectNode body(Request r) {
        try {
            JsonNode node = json.readTree(r.ctx().bodyAsBytes());
            if (node == null || !node.isObject()) {
                throw new HttpResponseException(400, "invalid request body", Map.of());
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new HttpResponseException(400, "invalid request body", Map.of());
        }
    }

    private <T> T parse(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new HttpResponseException(400, "invalid request body", Map.of());
        }
    }

    private void write(Request r, int status, JsonNode body) throws IOException {
        r.ctx().status(status).contentType("application/json; charset=utf-8").result(json.writeValueAsBytes(body));
    }

    /** A stable, non-secret id for the caller's key (or session user), for the rate limit. */
    private static String keyId(Request r) {
        String auth = r.ctx().header("Authorization");
        String basis = auth != null ? auth : "user:" + r.user().id();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
