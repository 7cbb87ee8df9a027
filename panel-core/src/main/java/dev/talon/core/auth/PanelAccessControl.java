package dev.talon.core.auth;

import dev.talon.api.AccessControl;
import dev.talon.api.PanelUser;
import dev.talon.core.addons.ContributionRegistry;

/**
 * Panel-wide permission checks: root administrators hold everything; clients hold every
 * permission that the core or a started add-on has registered (per-server grants to subusers
 * narrow this on server routes). A permission nobody registered is held by administrators only,
 * so a typo fails closed.
 */
public final class PanelAccessControl implements AccessControl {

    private final ContributionRegistry registry;

    public PanelAccessControl(ContributionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean can(PanelUser user, String permission) {
        if (user == null) {
            return false;
        }
        if (user.rootAdmin() || permission == null) {
            return true;
        }
        return registry.all().stream()
                .flatMap(c -> c.permissions().stream())
                .anyMatch(p -> p.key().equals(permission));
    }
}
