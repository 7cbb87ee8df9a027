package dev.talon.api;

import java.util.Objects;

/**
 * A permission an add-on checks.
 *
 * @param key dotted name, for example {@code ai.chat}
 * @param description one line shown to administrators
 * @param grantableToSubusers whether server owners may grant it to their subusers
 */
public record PermissionDefinition(String key, String description, boolean grantableToSubusers) {
    public PermissionDefinition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        if (!key.matches("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)+")) {
            throw new IllegalArgumentException("Permission key must be dotted lower case: " + key);
        }
    }
}
