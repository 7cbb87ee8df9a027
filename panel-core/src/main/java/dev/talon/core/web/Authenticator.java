package dev.talon.core.web;

import dev.talon.core.auth.ApiKeys;
import dev.talon.core.auth.Session;
import dev.talon.core.auth.Sessions;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.UnauthorizedResponse;
import java.util.Optional;

/**
 * Resolves the {@link Principal} of each request from the session cookie or a bearer API key,
 * and issues session cookies. Runs as the first before-handler; stateless and thread-safe.
 */
public final class Authenticator {

    public static final String COOKIE = "talon_session";

    private final Sessions sessions;
    private final Users users;
    private final ApiKeys apiKeys;

    public Authenticator(Sessions sessions, Users users, ApiKeys apiKeys) {
        this.sessions = sessions;
        this.users = users;
        this.apiKeys = apiKeys;
    }

    void resolve(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && ctx.path().startsWith("/api/")) {
            ctx.attribute(Principal.ATTRIBUTE, fromApiKey(ctx, authorization));
            return;
        }
        Optional<Session> session = sessions.find(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            return;
        }
        User user = null;
        if (session.get().userId() != null) {
            user = users.find(session.get().userId()).filter(u -> !u.suspended()).orElse(null);
            if (user == null) {
                sessions.delete(session.get().idHash());
                return;
            }
        }
        ctx.attribute(Principal.ATTRIBUTE, new Principal(session.get(), user, false));
    }

    private Principal fromApiKey(Context ctx, String authorization) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new UnauthorizedResponse("Use \"Authorization: Bearer <API key>\".");
        }
        var check = apiKeys.verify(authorization.substring(7).trim(), ctx.ip());
        if (check instanceof ApiKeys.Check.Invalid invalid) {
            throw new UnauthorizedResponse(invalid.reason());
        }
        var key = ((ApiKeys.Check.Valid) check).key();
        User user = users.find(key.userId()).filter(u -> !u.suspended())
                .orElseThrow(() -> new UnauthorizedResponse("The API key's account is suspended or gone."));
        return new Principal(null, user, true);
    }

    /** The current session, creating an anonymous one (for the login form's CSRF token) if needed. */
    public Session ensureSession(Context ctx) {
        Principal principal = Principal.of(ctx);
        if (principal.session() != null) {
            return principal.session();
        }
        var issued = sessions.create(null, null, ctx.ip(), ctx.userAgent());
        setCookie(ctx, issued.cookieValue());
        ctx.attribute(Principal.ATTRIBUTE, new Principal(issued.session(), null, false));
        return issued.session();
    }

    /**
     * Replaces the current session with a new one (new id, new CSRF token): at sign-in, after the
     * two-factor step, and at sign-out, so a session id seen before sign-in is worthless after it.
     */
    public Session rotate(Context ctx, Long userId, Long pendingUserId) {
        Principal principal = Principal.of(ctx);
        if (principal.session() != null) {
            sessions.delete(principal.session().idHash());
        }
        var issued = sessions.create(userId, pendingUserId, ctx.ip(), ctx.userAgent());
        setCookie(ctx, issued.cookieValue());
        User user = userId == null ? null : users.find(userId).orElse(null);
        ctx.attribute(Principal.ATTRIBUTE, new Principal(issued.session(), user, false));
        return issued.session();
    }

    private static void setCookie(Context ctx, String value) {
        var cookie = new Cookie(COOKIE, value, "/", (int) Sessions.LIFETIME.toSeconds(), isSecure(ctx), true, null, SameSite.LAX);
        ctx.cookie(cookie);
    }

    private static boolean isSecure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }
}
