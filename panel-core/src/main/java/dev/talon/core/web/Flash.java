package dev.talon.core.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A message shown once on the page after a redirect (post/redirect/get), carried in a short-lived
 * cookie. The text is rendered escaped, so a crafted cookie can only show text.
 *
 * @param kind {@code ok} or {@code error}
 * @param message the text
 */
public record Flash(String kind, String message) {

    private static final String COOKIE = "talon_flash";

    public static void ok(Context ctx, String message) {
        set(ctx, "ok", message);
    }

    public static void error(Context ctx, String message) {
        set(ctx, "error", message);
    }

    private static void set(Context ctx, String kind, String message) {
        String value = URLEncoder.encode(kind + ":" + message, StandardCharsets.UTF_8);
        ctx.cookie(new Cookie(COOKIE, value, "/", 60, false, true, null, SameSite.LAX));
    }

    /** Reads and clears the flash of this request, or returns {@code null}. */
    static Flash take(Context ctx) {
        String raw = ctx.cookie(COOKIE);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        ctx.removeCookie(COOKIE, "/");
        String text = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String kind = text.substring(0, colon).equals("ok") ? "ok" : "error";
        String message = text.substring(colon + 1);
        return new Flash(kind, message.length() > 300 ? message.substring(0, 300) : message);
    }
}
