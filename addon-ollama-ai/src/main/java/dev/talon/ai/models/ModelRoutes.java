package dev.talon.ai.models;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.usage.UsageLog;
import dev.talon.ai.web.AiPages;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotFoundResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * AI Settings, model part: pull a model (progress fragment polled by the page, cancel) and delete
 * an installed one after a confirmation page. Hosts are accepted only if configured, so these
 * routes can't be pointed at other machines.
 */
public final class ModelRoutes {

    /** The model of {@code pulls.jte}. */
    public record PullList(String csrf, List<PullView> pulls) {
        public boolean anyRunning() {
            return pulls.stream().anyMatch(PullView::running);
        }
    }

    /** The model of {@code delete-model.jte}. */
    public record DeleteConfirmation(String csrf, String host, String model, List<String> usedFor) {}

    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,199}");
    private static final String BACK = "/admin/ai/settings";

    private final AiRuntime runtime;
    private final PullManager pulls;
    private final UsageLog usage;
    private final AiPages pages;

    public ModelRoutes(AiRuntime runtime, PullManager pulls, UsageLog usage, AiPages pages) {
        this.runtime = runtime;
        this.pulls = pulls;
        this.usage = usage;
        this.pages = pages;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/pulls", this::startPull));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/settings/pulls", this::pullList));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/pulls/{id}/cancel", this::cancel));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, "/admin/ai/settings/models/delete", this::confirmDelete));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, "/admin/ai/settings/models/delete", this::delete));
    }

    private void startPull(Request r) {
        String model = trimmed(r.ctx().formParam("model"));
        if (!MODEL_NAME.matcher(model).matches()) {
            r.flashError("model: enter a model name like llama3.1:8b (letters, digits and . _ / : -).");
        } else {
            URI host = host(r.ctx().formParam("host"));
            PullView pull = pulls.start(host, model, r.user().id());
            r.flashOk("Pulling " + pull.model() + " onto " + host + ". Progress is shown below; you may leave this page.");
        }
        r.ctx().redirect(BACK + "#ai-pulls");
    }

    private void pullList(Request r) {
        r.ctx().header("Cache-Control", "no-store");
        pages.fragment(r, "pulls.jte", new PullList(r.csrfToken(), pulls.list()));
    }

    private void cancel(Request r) {
        boolean cancelled = pulls.cancel(r.pathParam("id"));
        if (r.ctx().header("HX-Request") != null) {
            awaitEnd(r.pathParam("id"));
            pullList(r);
            return;
        }
        if (cancelled) {
            awaitEnd(r.pathParam("id"));
            r.flashOk("Pull cancelled.");
        } else {
            r.flashError("That pull is not running any more.");
        }
        r.ctx().redirect(BACK + "#ai-pulls");
    }

    private void confirmDelete(Request r) {
        URI host = host(r.ctx().queryParam("host"));
        String model = requireModel(r.ctx().queryParam("model"));
        pages.render(r, "Delete " + model, "delete-model.jte",
                new DeleteConfirmation(r.csrfToken(), host.toString(), model, usedFor(model)));
    }

    private void delete(Request r) {
        URI host = host(r.ctx().formParam("host"));
        String model = requireModel(r.ctx().formParam("model"));
        if (!"yes".equals(r.ctx().formParam("confirm"))) {
            r.ctx().redirect("/admin/ai/settings/models/delete?host=" + enc(host.toString()) + "&model=" + enc(model));
            return;
        }
        long started = System.nanoTime();
        var call = new UsageLog.Call(r.user().id(), Feature.ADMIN, "delete", model, 0);
        try {
            runtime.client().delete(Feature.ADMIN, model, host);
            usage.record(call, UsageLog.Result.ok(null, null, null, millisSince(started)));
            r.flashOk("Deleted " + model + " from " + host + ".");
        } catch (OllamaException e) {
            usage.record(call, UsageLog.Result.failed(e, millisSince(started)));
            r.flashError("Could not delete " + model + ": " + e.getMessage());
        }
        r.ctx().redirect(BACK + "#ai-models");
    }

    /** Which configured uses name this model, so the confirmation can warn. */
    private List<String> usedFor(String model) {
        var uses = new ArrayList<String>();
        runtime.settings().resolved().entries().stream()
                .filter(e -> e.setting().key().startsWith("ollama.models."))
                .filter(e -> PullManager.withTag(e.value()).equals(PullManager.withTag(model)))
                .forEach(e -> uses.add(e.setting().key().substring("ollama.models.".length())));
        return uses;
    }

    private URI host(String raw) {
        List<URI> hosts = runtime.hosts();
        if (raw == null || raw.isBlank()) {
            return hosts.getFirst();
        }
        return hosts.stream().filter(h -> h.toString().equals(raw.trim())).findFirst()
                .orElseThrow(() -> new BadRequestResponse("host: " + raw + " is not a configured Ollama host."));
    }

    private void awaitEnd(String id) {
        // The pull's thread records the outcome a moment after the socket closes; wait briefly so
        // the answer shows "cancelled" rather than a last "running" frame.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (pulls.find(id).map(PullView::running).orElse(false) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String requireModel(String raw) {
        String model = trimmed(raw);
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new NotFoundResponse("There is no such model.");
        }
        return model;
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
