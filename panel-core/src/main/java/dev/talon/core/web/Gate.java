package dev.talon.core.web;

import dev.talon.api.AccessControl;
import dev.talon.api.web.Area;
import dev.talon.core.auth.Tokens;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The checks every route passes before its handler: signed in, the area (administrators only in
 * {@code /admin}; a client gets 404 there, as for anything that isn't theirs) and a permission.
 * The CSRF check runs for every state-changing request in {@link #checkCsrf}. Stateless.
 */
public final class Gate {

    private final AccessControl access;

    public Gate(AccessControl access) {
        this.access = access;
    }

    /** Wraps a handler with the sign-in, area and permission checks. */
    public Handler guard(Area area, String permission, Handler handler) {
        return ctx -> {
            check(ctx, area, permission);
            handler.handle(ctx);
        };
    }

    public Handler admin(Handler handler) {
        return guard(Area.ADMIN, null, handler);
    }

    public Handler client(Handler handler) {
        return guard(Area.CLIENT, null, handler);
    }

    public Handler api(Handler handler) {
        return guard(Area.API, null, handler);
    }

    /** Throws the matching response unless the request may enter. */
    public void check(Context ctx, Area area, String permission) {
        Principal principal = Principal.of(ctx);
        if (!principal.signedIn()) {
            if (area != Area.API && ctx.method() == HandlerType.GET) {
                String next = URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8);
                ctx.redirect("/auth/login?next=" + next);
                throw new RedirectedResponse();
            }
            throw new UnauthorizedResponse("Sign in, or send an API key as \"Authorization: Bearer <key>\".");
        }
        if (area == Area.ADMIN && !principal.admin()) {
            throw new NotFoundResponse("Not found.");
        }
        if (permission != null && !access.can(principal.user().toPanelUser(), permission)) {
            throw new ForbiddenResponse("You do not have the permission \"" + permission + "\".");
        }
    }

    /**
     * Rejects a state-changing request from a browser session unless it carries the session's
     * token as form field {@code _csrf} or header {@code X-CSRF-Token}. API-key requests carry no
     * cookies, so they can't be forged cross-site and are exempt.
     */
    static void checkCsrf(Context ctx) {
        HandlerType method = ctx.method();
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return;
        }
        Principal principal = Principal.of(ctx);
        if (principal.viaApiKey()) {
            return;
        }
        if (principal.session() == null && ctx.path().startsWith("/api/")) {
            // No cookie and no key: nothing a forged request could ride on. What is missing is a credential.
            throw new UnauthorizedResponse("Sign in, or send an API key as \"Authorization: Bearer <key>\".");
        }
        if (principal.session() == null) {
            throw new ForbiddenResponse("Your session has expired or the form is stale (CSRF check). Reload the page and try again.");
        }
        String presented = ctx.header("X-CSRF-Token");
        if (presented == null && isForm(ctx)) {
            presented = ctx.formParam("_csrf");
        }
        if (!Tokens.same(presented, principal.session().csrfToken())) {
            throw new ForbiddenResponse("The form is stale or was not sent by this panel (CSRF check). Reload the page and try again.");
        }
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    /** Thrown after a redirect was set, to stop the handler chain without an error page. */
    static final class RedirectedResponse extends RuntimeException {
        RedirectedResponse() {
            super(null, null, false, false);
        }
    }
}
