package dev.talon.api;

/**
 * A signed-in user as add-ons see it. Immutable snapshot taken when the request was authenticated.
 *
 * @param id database id
 * @param email login e-mail
 * @param name display name
 * @param rootAdmin whether the user is a root administrator (may enter {@code /admin})
 */
public record PanelUser(long id, String email, String name, boolean rootAdmin) {}
