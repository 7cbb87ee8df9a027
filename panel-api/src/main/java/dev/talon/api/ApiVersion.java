package dev.talon.api;

/**
 * The version of this contract. Add-ons state what they need in their manifest
 * ({@code Plugin-Requires: >=1.0.0 & <2.0.0}); the host refuses to start an add-on whose range
 * excludes this version and shows why. Minor versions only add (default methods, new types).
 *
 * <p>1.1 added {@code AddonContext.users()}, {@code environment()}, {@code servers()} (with
 * {@code dev.talon.api.servers}), {@code ActivityLog.since(...)}, {@code Request.flashOk/flashError},
 * {@code Registrar.pageFragment} and {@code web.FrontEnd}.
 *
 * <p>1.2 added {@code AddonContext.serverActions()} with {@code servers.ServerActions}: acting on
 * servers as a signed-in user (power, console commands, schedules, recent console lines) through
 * the host's permission checks, with typed refusals; and
 * {@code ServerDirectory.readTextFile(...)} (a server file's text, for the file inspector).
 */
public final class ApiVersion {

    public static final String VERSION = "1.2.0";

    private ApiVersion() {}
}
