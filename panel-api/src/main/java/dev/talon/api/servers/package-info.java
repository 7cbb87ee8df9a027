/**
 * The panel's game servers for add-ons: read-only look-ups ({@link ServerDirectory}: which servers
 * exist, their logs from an offset, their recent resource samples; from
 * {@link dev.talon.api.AddonContext#servers()}) and acting on them as a signed-in user through the
 * host's permission checks ({@link ServerActions}, from
 * {@link dev.talon.api.AddonContext#serverActions()}).
 */
package dev.talon.api.servers;
