package dev.talon.core.auth;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.web.Area;
import dev.talon.core.web.Authenticator;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.TooManyRequestsResponse;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in (password, then the two-factor code when enabled) and sign-out. Each step that changes
 * who the session belongs to issues a new session id.
 */
public final class AuthRoutes implements RouteModule {

    /** The model of {@code auth/login.jte}. */
    public record LoginPage(Shell shell, String email, String next, String error) {}

    /** The model of {@code auth/two-factor.jte}. */
    public record TwoFactorPage(Shell shell, String next, String error) {}

    private final Users users;
    private final Totp totp;
    private final LoginThrottle throttle;
    private final Authenticator authenticator;
    private final Pages pages;
    private final ActivityLog activity;

    public AuthRoutes(Users users, Totp totp, LoginThrottle throttle, Authenticator authenticator, Pages pages, ActivityLog activity) {
        this.users = users;
        this.totp = totp;
        this.throttle = throttle;
        this.authenticator = authenticator;
        this.pages = pages;
        this.activity = activity;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/auth/login", this::loginForm);
        routes.post("/auth/login", this::login);
        routes.get("/auth/two-factor", this::twoFactorForm);
        routes.post("/auth/two-factor", this::twoFactor);
        routes.post("/auth/logout", this::logout);
    }

    private void loginForm(Context ctx) {
        if (Principal.of(ctx).signedIn()) {
            ctx.redirect(safeNext(ctx.queryParam("next")));
            return;
        }
        authenticator.ensureSession(ctx);
        render(ctx, "", safeNext(ctx.queryParam("next")), null, 200);
    }

    private void render(Context ctx, String email, String next, String error, int status) {
        pages.render(ctx, "auth/login.jte", new LoginPage(pages.shell(ctx, "Sign in", Area.CLIENT), email, next, error));
        ctx.status(status);
    }

    private void login(Context ctx) {
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").trim();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String next = safeNext(ctx.formParam("next"));
        String ip = ctx.ip();
        long wait = throttle.retryAfterSeconds(email, ip);
        if (wait > 0) {
            throw new TooManyRequestsResponse("Too many failed sign-ins. Try again in " + wait + " seconds.",
                    Map.of("Retry-After", String.valueOf(wait)));
        }
        Optional<User> user = users.verifyPassword(email, password);
        if (user.isEmpty() || user.get().suspended()) {
            throttle.recordFailure(email, ip);
            activity.record(new Activity(user.map(User::id).orElse(null), "auth.login.failed", "user:" + Users.normaliseEmail(email), ip,
                    Map.of("reason", user.isEmpty() ? "bad credentials" : "suspended")));
            String message = user.isPresent() ? "This account is suspended. Contact your administrator." : "The e-mail or password is wrong.";
            render(ctx, email, next, message, user.isPresent() ? 403 : 401);
            return;
        }
        throttle.recordSuccess(email, ip);
        if (user.get().totpEnabled()) {
            authenticator.rotate(ctx, null, user.get().id());
            ctx.redirect("/auth/two-factor?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        completeLogin(ctx, user.get(), next, "password");
    }

    private void completeLogin(Context ctx, User user, String next, String method) {
        authenticator.rotate(ctx, user.id(), null);
        activity.record(new Activity(user.id(), "auth.login", "user:" + user.id(), ctx.ip(), Map.of("method", method)));
        ctx.redirect(next.equals("/") && user.rootAdmin() ? "/admin" : next);
    }

    private void twoFactorForm(Context ctx) {
        var session = Principal.of(ctx).session();
        if (session == null || session.pendingUserId() == null) {
            ctx.redirect("/auth/login");
            return;
        }
        pages.render(ctx, "auth/two-factor.jte",
                new TwoFactorPage(pages.shell(ctx, "Two-factor sign-in", Area.CLIENT), safeNext(ctx.queryParam("next")), null));
    }

    private void twoFactor(Context ctx) {
        var session = Principal.of(ctx).session();
        if (session == null || session.pendingUserId() == null) {
            ctx.redirect("/auth/login");
            return;
        }
        String next = safeNext(ctx.formParam("next"));
        User user = users.find(session.pendingUserId()).filter(u -> !u.suspended()).orElse(null);
        String key = user == null ? "" : user.email();
        long wait = throttle.retryAfterSeconds(key + "#2fa", ctx.ip());
        if (wait > 0) {
            throw new TooManyRequestsResponse("Too many wrong codes. Try again in " + wait + " seconds.",
                    Map.of("Retry-After", String.valueOf(wait)));
        }
        String secret = user == null ? null : users.totpSecret(user.id()).orElse(null);
        if (user == null || !totp.verify(secret, ctx.formParam("code"))) {
            throttle.recordFailure(key + "#2fa", ctx.ip());
            pages.render(ctx, "auth/two-factor.jte", new TwoFactorPage(pages.shell(ctx, "Two-factor sign-in", Area.CLIENT), next,
                    "That code is not valid. Use the current 6-digit code from your authenticator app."));
            ctx.status(401);
            return;
        }
        throttle.recordSuccess(key + "#2fa", ctx.ip());
        completeLogin(ctx, user, next, "password+totp");
    }

    private void logout(Context ctx) {
        Principal principal = Principal.of(ctx);
        if (principal.signedIn()) {
            activity.record(new Activity(principal.user().id(), "auth.logout", "user:" + principal.user().id(), ctx.ip(), Map.of()));
        }
        authenticator.rotate(ctx, null, null);
        ctx.redirect("/auth/login");
    }

    /**
     * Only same-site relative paths, so the sign-in page can't be used as an open redirect. Control
     * characters and backslashes are refused anywhere: browsers drop tabs and newlines from URLs and
     * read {@code \} as {@code /}, so {@code /<tab>/evil.com} would become {@code //evil.com}.
     */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/auth/")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            return "/";
        }
        return next;
    }
}
