package dev.talon.core.web;

import dev.talon.core.auth.Session;
import dev.talon.core.auth.User;
import io.javalin.http.Context;

/**
 * Who is making the current request, resolved once per request by {@link Authenticator}.
 *
 * @param session the browser session, or {@code null} (API key, or no cookie yet)
 * @param user the signed-in user, or {@code null}
 * @param viaApiKey whether the user was authenticated by an API key
 */
public record Principal(Session session, User user, boolean viaApiKey) {

    static final String ATTRIBUTE = "talon.principal";
    static final Principal ANONYMOUS = new Principal(null, null, false);

    public static Principal of(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        return principal == null ? ANONYMOUS : principal;
    }

    public boolean signedIn() {
        return user != null;
    }

    public boolean admin() {
        return user != null && user.rootAdmin();
    }
}
