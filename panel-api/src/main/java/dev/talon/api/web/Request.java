package dev.talon.api.web;

import dev.talon.api.PanelUser;
import io.javalin.http.Context;

/**
 * One authenticated request to an add-on route. Valid only while the handler runs.
 * Authentication, the area check, the route's permission and (for state-changing methods) the
 * CSRF token have been verified before the handler is called.
 */
public interface Request {

    /** The underlying Javalin context, for bodies, headers, streaming and responses. */
    Context ctx();

    /** The signed-in user (or the owner of the API key). */
    PanelUser user();

    /**
     * A path parameter declared as {@code {name}} in the route path.
     *
     * @throws io.javalin.http.NotFoundResponse if the route has no such parameter
     */
    String pathParam(String name);

    /** The CSRF token of the session, for forms ({@code _csrf}) and fetches ({@code X-CSRF-Token}). */
    String csrfToken();

    /** Whether the request was authenticated with an API key rather than a browser session. */
    boolean viaApiKey();

    /** Shows a confirmation once on the next page (after a redirect). */
    void flashOk(String message);

    /** Shows an error once on the next page (after a redirect). */
    void flashError(String message);

    /** Sends a full HTML page: the body inside the panel layout (navigation, theme, chat slots). */
    void renderPage(String title, Html body);
}
