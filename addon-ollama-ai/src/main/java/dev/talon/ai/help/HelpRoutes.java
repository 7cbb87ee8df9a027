package dev.talon.ai.help;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.ai.AiRuntime;
import dev.talon.ai.chat.ChatService;
import dev.talon.ai.markdown.SafeMarkdown;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.usage.UsageLog;
import dev.talon.ai.web.AiPages;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import dev.talon.ai.web.NdjsonStream;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The help centre: {@code /ai/help} (search box and results), {@code /ai/help/{slug}} (an article),
 * {@code GET /api/ai/help/search?q=} (the same results as JSON) and {@code POST /api/ai/help/ask}
 * (an NDJSON stream: {@code sources}, then {@code token}s, then {@code done} or {@code error}).
 * Search and articles need only a signed-in user and work with Ollama down; Ask needs ai.chat.
 */
public final class HelpRoutes {

    /** The help page's model. */
    public record Page(String query, HelpCentre.Search search, List<HelpDocument> documents, String csrf) {}

    /** An article page's model; {@code html} is SafeMarkdown output (empty for a plain-text document). */
    public record Article(HelpDocument document, String html) {}

    private static final int ARTICLES = 5;
    private static final int SOURCES = 4;
    private static final Pattern H2 = Pattern.compile("<h2>(.*?)</h2>");

    private final AiRuntime runtime;
    private final HelpCentre help;
    private final SafeMarkdown markdown;
    private final AiPages pages;
    private final UsageLog usage;
    private final ObjectMapper json = new ObjectMapper();

    public HelpRoutes(AiRuntime runtime, HelpCentre help, SafeMarkdown markdown, AiPages pages, UsageLog usage) {
        this.runtime = runtime;
        this.help = help;
        this.markdown = markdown;
        this.pages = pages;
        this.usage = usage;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/ai/help", this::page).when(this::enabled));
        registrar.route(Route.of(Area.CLIENT, HttpMethod.GET, "/ai/help/{slug}", this::article).when(this::enabled));
        registrar.route(Route.of(Area.API, HttpMethod.GET, "/api/ai/help/search", this::searchJson).when(this::enabled));
        registrar.route(Route.of(Area.API, HttpMethod.POST, "/api/ai/help/ask", this::ask).requires("ai.chat").when(this::enabled));
    }

    private boolean enabled() {
        return runtime.config().enabled();
    }

    private void page(Request r) {
        String q = r.ctx().queryParam("q");
        HelpCentre.Search search = q == null || q.isBlank() ? null : help.search(q.strip(), ARTICLES);
        pages.render(r, "Help centre", "help/help.jte", new Page(q == null ? "" : q.strip(), search, help.documents(), r.csrfToken()));
    }

    private void article(Request r) {
        HelpDocument d = help.document(r.pathParam("slug")).orElseThrow(() -> new NotFoundResponse("There is no such help article."));
        // Uploaded text and PDF documents are shown as written, escaped by the template; Markdown is sanitised.
        pages.render(r, d.title(), "help/help-article.jte", new Article(d, d.plain() ? "" : withAnchors(markdown.render(d.markdown()))));
    }

    /** Gives each section heading the id that passage links ({@link Chunk#href}) point at. */
    static String withAnchors(String html) {
        Matcher m = H2.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String text = m.group(1).replaceAll("<[^>]+>", "").replace("&amp;", "&");
            m.appendReplacement(out, Matcher.quoteReplacement("<h2 id=\"" + Chunker.anchor(text) + "\">" + m.group(1) + "</h2>"));
        }
        return m.appendTail(out).toString();
    }

    private void searchJson(Request r) {
        String q = r.ctx().queryParam("q");
        if (q == null || q.isBlank()) {
            throw new BadRequestResponse("Give a question or keywords as q.");
        }
        HelpCentre.Search s = help.search(q.strip(), ARTICLES);
        ObjectNode out = json.createObjectNode().put("query", s.query()).put("mode", s.mode().name().toLowerCase());
        ArrayNode results = out.putArray("results");
        for (HelpCentre.Result a : s.articles()) {
            results.addObject().put("slug", a.document().slug()).put("title", a.document().title())
                    .put("href", a.best().href()).put("section", a.best().heading()).put("snippet", a.best().snippet(220));
        }
        r.ctx().contentType("application/json").result(out.toString());
    }

    private void ask(Request r) throws IOException {
        JsonNode body = json.readTree(r.ctx().body());
        String question = body.path("question").asText("").strip();
        if (question.isEmpty() || question.length() > 2000) {
            throw new BadRequestResponse("Ask a question of at most 2000 characters.");
        }
        HelpCentre.Search search = help.search(question, ARTICLES);
        List<Chunk> sources = HelpAnswers.sources(search, SOURCES);
        String model = runtime.config().models().docs();
        NdjsonStream out = NdjsonStream.open(r.ctx());
        ObjectNode first = json.createObjectNode().put("type", "sources").put("mode", search.mode().name().toLowerCase());
        ArrayNode list = first.putArray("sources");
        for (int i = 0; i < sources.size(); i++) {
            Chunk c = sources.get(i);
            list.addObject().put("n", i + 1).put("title", c.document().title()).put("section", c.heading()).put("href", c.href());
        }
        out.write(first);
        long start = System.nanoTime();
        StringBuilder text = new StringBuilder();
        String outcome = "ok";
        String errorType = null;
        if (sources.isEmpty()) {
            out.write(json.createObjectNode().put("type", "error").put("error", "No help article matches this question."));
            return;
        }
        try (OllamaStream<ChatResponse> stream = HelpAnswers.stream(runtime.client(), model, question, sources)) {
            while (stream.hasNext()) {
                String piece = stream.next().text();
                if (!piece.isEmpty()) {
                    text.append(piece);
                    try {
                        out.write(json.createObjectNode().put("type", "token").put("text", piece));
                    } catch (IOException gone) {
                        stream.cancel();
                        outcome = "stopped";
                        break;
                    }
                }
            }
            if (outcome.equals("ok")) {
                out.write(json.createObjectNode().put("type", "done").put("html", markdown.render(text.toString())));
            }
        } catch (OllamaException e) {
            outcome = "error";
            errorType = e.type();
            String message = e instanceof OllamaException.OllamaUnavailable
                    ? "The AI service is offline, so there is no written answer; the articles above are the best matches."
                    : ChatService.friendly(e, model);
            out.write(json.createObjectNode().put("type", "error").put("error", message));
        } finally {
            usage.record(new UsageLog.Call(r.user().id(), Feature.HELP, "ask", model, question.length()),
                    new UsageLog.Result(null, null, null, (System.nanoTime() - start) / 1_000_000, outcome, errorType));
        }
    }

}
