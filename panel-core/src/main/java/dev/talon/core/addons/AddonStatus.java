package dev.talon.core.addons;

/**
 * What the admin add-ons page shows for one add-on.
 *
 * @param id plugin id (or the folder name when the descriptor could not be read)
 * @param version declared version, or empty
 * @param provider declared provider, or empty
 * @param description declared description, or empty
 * @param state {@code STARTED}, {@code DISABLED}, {@code FAILED} or {@code STOPPED}
 * @param failure why it failed, for administrators; {@code null} unless failed
 * @param path where it was loaded from
 */
public record AddonStatus(String id, String version, String provider, String description, State state, String failure, String path) {

    public enum State { STARTED, DISABLED, FAILED }
}
