/**
 * The contract between the Talon host and its add-ons.
 *
 * <p>An add-on is a PF4J plugin whose jar contains one {@link dev.talon.api.PanelAddon} extension.
 * When the add-on is enabled the host runs its migrations, calls
 * {@link dev.talon.api.PanelAddon#start(AddonContext, Registrar)} once with a context (the services
 * it may use) and a registrar (where it hands over routes, navigation, widgets, jobs, CLI
 * commands, settings pages, permissions and event listeners), and freezes what was registered
 * into an immutable snapshot. Disabling the add-on drops that snapshot and calls
 * {@link dev.talon.api.PanelAddon#stop()}.
 *
 * <p>Add-ons depend on this module with {@code provided} scope: the host supplies it, together
 * with the libraries whose types appear here (PF4J, Javalin, Jdbi, Micrometer, picocli, Jackson).
 * Interfaces grow only through {@code default} methods so older add-ons keep working.
 */
package dev.talon.api;
