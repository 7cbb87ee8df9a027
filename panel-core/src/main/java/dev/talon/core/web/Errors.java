package dev.talon.core.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.web.Area;
import dev.talon.core.auth.Users;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: {@code {"error": "..."}} under {@code /api/} (and for
 * fetches asking for JSON), the friendly error page everywhere else. Unexpected exceptions are
 * logged with an id the user sees; their details never reach the response.
 */
public final class Errors {

    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    /** The model of {@code error.jte}. */
    public record ErrorPage(Shell shell, int status, String heading, String message) {}

    private final Pages pages;
    private final ObjectMapper json;

    public Errors(Pages pages, ObjectMapper json) {
        this.pages = pages;
        this.json = json;
    }

    void install(JavalinConfig config) {
        config.routes.exception(Gate.RedirectedResponse.class, (e, ctx) -> { });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> {
            e.getDetails().forEach(ctx::header);
            respond(ctx, e.getStatus(), e.getMessage());
        });
        config.routes.exception(Users.UserException.class, (e, ctx) -> respond(ctx, 400, e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString().substring(0, 8);
            log.error("Request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
            respond(ctx, 500, "Something went wrong on our side (error id " + id + "). It has been logged.");
        });
        config.routes.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                respond(ctx, 404, "There is nothing at this address.");
            }
        });
        config.routes.error(405, ctx -> {
            if (ctx.resultInputStream() == null) {
                respond(ctx, 405, "This address does not accept " + ctx.method() + " requests.");
            }
        });
    }

    void respond(Context ctx, int status, String message) {
        String text = message == null || message.isBlank() ? defaultMessage(status) : message;
        ctx.status(status);
        if (wantsJson(ctx)) {
            try {
                ctx.contentType("application/json").result(json.writeValueAsString(Map.of("error", text)));
            } catch (Exception e) {
                ctx.contentType("application/json").result("{\"error\":\"Internal error\"}");
            }
            return;
        }
        try {
            Area area = ctx.path().startsWith("/admin") ? Area.ADMIN : Area.CLIENT;
            pages.render(ctx, "error.jte", new ErrorPage(pages.shell(ctx, heading(status), area), status, heading(status), text));
            ctx.status(status);
        } catch (RuntimeException e) {
            log.error("The error page itself failed for {}", ctx.path(), e);
            ctx.contentType("text/plain; charset=utf-8").result(status + " " + heading(status) + "\n" + text);
        }
    }

    static boolean wantsJson(Context ctx) {
        if (ctx.path().startsWith("/api/")) {
            return true;
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    private static String heading(int status) {
        return switch (status) {
            case 400 -> "That didn't work";
            case 401 -> "Please sign in";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 429 -> "Slow down";
            case 503 -> "Temporarily unavailable";
            default -> status >= 500 ? "Something went wrong" : "Request refused";
        };
    }

    private static String defaultMessage(int status) {
        return status >= 500 ? "Something went wrong on our side." : heading(status) + ".";
    }
}
