/**
 * Read-only access to the panel's game servers for add-ons: which servers exist, their logs
 * from an offset, and their recent resource samples. Add-ons get it from
 * {@link dev.talon.api.AddonContext#servers()}.
 */
package dev.talon.api.servers;
