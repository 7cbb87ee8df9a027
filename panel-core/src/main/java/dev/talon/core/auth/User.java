package dev.talon.core.auth;

import dev.talon.api.PanelUser;

/** A row of {@code users}, without the password hash. */
public record User(
        long id,
        String email,
        String name,
        boolean rootAdmin,
        boolean suspended,
        boolean totpEnabled,
        long createdAt) {

    public PanelUser toPanelUser() {
        return new PanelUser(id, email, name, rootAdmin);
    }
}
