package dev.talon.core.account;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.core.activity.ActivityRepository;
import dev.talon.core.auth.ApiKeys;
import dev.talon.core.auth.Passwords;
import dev.talon.core.auth.Sessions;
import dev.talon.core.auth.Totp;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.web.Authenticator;
import dev.talon.core.web.Flash;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's own account: profile, password, two-factor sign-in, API keys and their own
 * activity; plus {@code GET /api/client/account} in Pterodactyl's shape.
 */
public final class AccountRoutes implements RouteModule {

    /** The model of {@code account/account.jte}. */
    public record AccountPage(Shell shell, User user, List<ApiKeys.ApiKey> keys, String newKey, TotpSetup totpSetup,
                              List<ActivityRepository.Entry> activity) {}

    /** Shown while enabling two-factor: the secret and its QR code. */
    public record TotpSetup(String secret, Html qrSvg) {}

    private final Users users;
    private final Passwords passwords;
    private final Totp totp;
    private final ApiKeys apiKeys;
    private final Sessions sessions;
    private final Authenticator authenticator;
    private final ActivityRepository activity;
    private final Pages pages;
    private final Gate gate;

    public AccountRoutes(Users users, Passwords passwords, Totp totp, ApiKeys apiKeys, Sessions sessions,
                         Authenticator authenticator, ActivityRepository activity, Pages pages, Gate gate) {
        this.users = users;
        this.passwords = passwords;
        this.totp = totp;
        this.apiKeys = apiKeys;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.activity = activity;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/account", gate.client(ctx -> show(ctx, null)));
        routes.post("/account/password", gate.client(this::changePassword));
        routes.post("/account/two-factor/setup", gate.client(this::setupTotp));
        routes.post("/account/two-factor/enable", gate.client(this::enableTotp));
        routes.post("/account/two-factor/disable", gate.client(this::disableTotp));
        routes.post("/account/api-keys", gate.client(this::createKey));
        routes.post("/account/api-keys/{id}/revoke", gate.client(this::revokeKey));
        routes.get("/api/client/account", gate.api(this::apiAccount));
    }

    private User me(Context ctx) {
        return Principal.of(ctx).user();
    }

    private void show(Context ctx, String newKey) {
        show(ctx, newKey, null);
    }

    private void show(Context ctx, String newKey, TotpSetup setup) {
        User user = users.find(me(ctx).id()).orElseThrow();
        var entries = activity.search(new ActivityRepository.Filter(null, null, null, user.id()), 15, 0);
        pages.render(ctx, "account/account.jte", new AccountPage(pages.shell(ctx, "Account", Area.CLIENT), user,
                apiKeys.listForUser(user.id()), newKey, setup, entries));
    }

    private void changePassword(Context ctx) {
        User user = me(ctx);
        String current = Optional.ofNullable(ctx.formParam("current_password")).orElse("");
        if (users.verifyPassword(user.email(), current).isEmpty()) {
            Flash.error(ctx, "The current password is wrong; nothing was changed.");
            ctx.redirect("/account");
            return;
        }
        String next = ctx.formParam("password");
        if (!java.util.Objects.equals(next, ctx.formParam("password_confirmation"))) {
            Flash.error(ctx, "The new passwords do not match; nothing was changed.");
            ctx.redirect("/account");
            return;
        }
        try {
            passwords.validate(next);
        } catch (Users.UserException e) {
            Flash.error(ctx, e.getMessage());
            ctx.redirect("/account");
            return;
        }
        users.setPassword(user.id(), next);
        sessions.deleteForUser(user.id());
        authenticator.rotate(ctx, user.id(), null);
        activity.record(new Activity(user.id(), "account.password.changed", "user:" + user.id(), ctx.ip(), Map.of()));
        Flash.ok(ctx, "Password changed. Other sessions were signed out.");
        ctx.redirect("/account");
    }

    private void setupTotp(Context ctx) {
        User user = me(ctx);
        if (user.totpEnabled()) {
            Flash.error(ctx, "Two-factor sign-in is already on.");
            ctx.redirect("/account");
            return;
        }
        String secret = totp.newSecret();
        users.setTotp(user.id(), secret, false);
        String uri = totp.uri("Talon", user.email(), secret);
        show(ctx, null, new TotpSetup(secret, new Html(QrCode.svg(uri))));
    }

    private void enableTotp(Context ctx) {
        User user = me(ctx);
        String secret = users.totpSecret(user.id()).orElse(null);
        if (secret == null || !totp.verify(secret, ctx.formParam("code"))) {
            Flash.error(ctx, "That code did not match. Start the setup again and enter the current code.");
            ctx.redirect("/account");
            return;
        }
        users.setTotp(user.id(), secret, true);
        activity.record(new Activity(user.id(), "account.two-factor.enabled", "user:" + user.id(), ctx.ip(), Map.of()));
        Flash.ok(ctx, "Two-factor sign-in is on. You will be asked for a code when you sign in.");
        ctx.redirect("/account");
    }

    private void disableTotp(Context ctx) {
        User user = me(ctx);
        String secret = users.totpSecret(user.id()).orElse(null);
        if (!user.totpEnabled() || !totp.verify(secret, ctx.formParam("code"))) {
            Flash.error(ctx, "Enter a current code from your authenticator app to turn two-factor sign-in off.");
            ctx.redirect("/account");
            return;
        }
        users.setTotp(user.id(), null, false);
        activity.record(new Activity(user.id(), "account.two-factor.disabled", "user:" + user.id(), ctx.ip(), Map.of()));
        Flash.ok(ctx, "Two-factor sign-in is off.");
        ctx.redirect("/account");
    }

    private void createKey(Context ctx) {
        User user = me(ctx);
        try {
            var created = apiKeys.create(user.id(), ctx.formParam("name"), ctx.formParam("allowed_ips"));
            activity.record(new Activity(user.id(), "account.api-key.created", "api-key:" + created.key().prefix(), ctx.ip(),
                    Map.of("name", created.key().name())));
            show(ctx, created.plainKey());
        } catch (Users.UserException e) {
            Flash.error(ctx, e.getMessage());
            ctx.redirect("/account");
        }
    }

    private void revokeKey(Context ctx) {
        User user = me(ctx);
        long id = parseId(ctx.pathParam("id"));
        if (!apiKeys.revoke(user.id(), id)) {
            throw new NotFoundResponse("There is no such API key.");
        }
        activity.record(new Activity(user.id(), "account.api-key.revoked", "api-key:" + id, ctx.ip(), Map.of()));
        Flash.ok(ctx, "API key revoked.");
        ctx.redirect("/account");
    }

    private void apiAccount(Context ctx) {
        User user = me(ctx);
        String[] names = user.name().split(" ", 2);
        var attributes = new LinkedHashMap<String, Object>();
        attributes.put("id", user.id());
        attributes.put("admin", user.rootAdmin());
        attributes.put("username", user.email().substring(0, user.email().indexOf('@')));
        attributes.put("email", user.email());
        attributes.put("first_name", names[0]);
        attributes.put("last_name", names.length > 1 ? names[1] : "");
        attributes.put("language", "en");
        ctx.json(Map.of("object", "user", "attributes", attributes));
    }

    public static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("There is nothing at this address.");
        }
    }
}
