package dev.talon.core.admin;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.web.Area;
import dev.talon.core.account.AccountRoutes;
import dev.talon.core.auth.Sessions;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import dev.talon.core.web.Flash;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.Principal;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;

/** Admin user management: list, create, edit, suspend, reset password, delete. */
public final class AdminUserRoutes implements RouteModule {

    /** The model of {@code admin/users.jte}. */
    public record UsersPage(Shell shell, List<User> users, String search, String error, FormValues form) {}

    /** The model of {@code admin/user-edit.jte}. */
    public record UserEditPage(Shell shell, User user, String error) {}

    /** What the create form held, to show it again after an error. */
    public record FormValues(String email, String name, boolean admin) {
        static final FormValues EMPTY = new FormValues("", "", false);
    }

    private final Users users;
    private final Sessions sessions;
    private final ActivityLog activity;
    private final Pages pages;
    private final Gate gate;

    public AdminUserRoutes(Users users, Sessions sessions, ActivityLog activity, Pages pages, Gate gate) {
        this.users = users;
        this.sessions = sessions;
        this.activity = activity;
        this.pages = pages;
        this.gate = gate;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/admin/users", gate.admin(ctx -> list(ctx, null, FormValues.EMPTY, 200)));
        routes.post("/admin/users", gate.admin(this::create));
        routes.get("/admin/users/{id}", gate.admin(ctx -> edit(ctx, find(ctx), null, 200)));
        routes.post("/admin/users/{id}", gate.admin(this::update));
        routes.post("/admin/users/{id}/password", gate.admin(this::resetPassword));
        routes.post("/admin/users/{id}/suspend", gate.admin(ctx -> suspend(ctx, true)));
        routes.post("/admin/users/{id}/unsuspend", gate.admin(ctx -> suspend(ctx, false)));
        routes.post("/admin/users/{id}/delete", gate.admin(this::delete));
    }

    private void list(Context ctx, String error, FormValues form, int status) {
        String search = ctx.queryParam("q");
        pages.render(ctx, "admin/users.jte", new UsersPage(pages.shell(ctx, "Users", Area.ADMIN),
                users.list(search, 200, 0), search == null ? "" : search, error, form));
        ctx.status(status);
    }

    private User find(Context ctx) {
        return users.find(AccountRoutes.parseId(ctx.pathParam("id"))).orElseThrow(() -> new NotFoundResponse("There is no such user."));
    }

    private void edit(Context ctx, User user, String error, int status) {
        pages.render(ctx, "admin/user-edit.jte", new UserEditPage(pages.shell(ctx, "Edit " + user.email(), Area.ADMIN), user, error));
        ctx.status(status);
    }

    private long actor(Context ctx) {
        return Principal.of(ctx).user().id();
    }

    private void create(Context ctx) {
        boolean admin = "on".equals(ctx.formParam("root_admin"));
        var form = new FormValues(ctx.formParam("email"), ctx.formParam("name"), admin);
        try {
            User user = users.create(form.email(), form.name(), ctx.formParam("password"), admin);
            activity.record(new Activity(actor(ctx), "admin.user.created", "user:" + user.id(), ctx.ip(),
                    Map.of("email", user.email(), "root_admin", admin)));
            Flash.ok(ctx, "User " + user.email() + " created.");
            ctx.redirect("/admin/users");
        } catch (Users.UserException e) {
            list(ctx, e.getMessage(), form, 400);
        }
    }

    private void update(Context ctx) {
        User user = find(ctx);
        boolean admin = "on".equals(ctx.formParam("root_admin"));
        if (user.id() == actor(ctx) && !admin) {
            edit(ctx, user, "You can't remove your own administrator role.", 400);
            return;
        }
        try {
            users.update(user.id(), ctx.formParam("email"), ctx.formParam("name"), admin);
            activity.record(new Activity(actor(ctx), "admin.user.updated", "user:" + user.id(), ctx.ip(),
                    Map.of("email", String.valueOf(ctx.formParam("email")), "root_admin", admin)));
            Flash.ok(ctx, "Saved.");
            ctx.redirect("/admin/users/" + user.id());
        } catch (Users.UserException e) {
            edit(ctx, user, e.getMessage(), 400);
        }
    }

    private void resetPassword(Context ctx) {
        User user = find(ctx);
        try {
            users.setPassword(user.id(), ctx.formParam("password"));
            sessions.deleteForUser(user.id());
            activity.record(new Activity(actor(ctx), "admin.user.password-reset", "user:" + user.id(), ctx.ip(), Map.of()));
            Flash.ok(ctx, "Password reset; the user was signed out everywhere.");
            ctx.redirect("/admin/users/" + user.id());
        } catch (Users.UserException e) {
            edit(ctx, user, e.getMessage(), 400);
        }
    }

    private void suspend(Context ctx, boolean suspended) {
        User user = find(ctx);
        if (user.id() == actor(ctx)) {
            edit(ctx, user, "You can't suspend yourself.", 400);
            return;
        }
        users.setSuspended(user.id(), suspended);
        if (suspended) {
            sessions.deleteForUser(user.id());
        }
        activity.record(new Activity(actor(ctx), suspended ? "admin.user.suspended" : "admin.user.unsuspended", "user:" + user.id(),
                ctx.ip(), Map.of()));
        Flash.ok(ctx, suspended ? "User suspended and signed out." : "User can sign in again.");
        ctx.redirect("/admin/users/" + user.id());
    }

    private void delete(Context ctx) {
        User user = find(ctx);
        if (user.id() == actor(ctx)) {
            edit(ctx, user, "You can't delete your own account.", 400);
            return;
        }
        users.delete(user.id());
        activity.record(new Activity(actor(ctx), "admin.user.deleted", "user:" + user.id(), ctx.ip(), Map.of("email", user.email())));
        Flash.ok(ctx, "User " + user.email() + " deleted.");
        ctx.redirect("/admin/users");
    }
}
