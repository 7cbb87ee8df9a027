package dev.talon.api;

import java.util.Optional;

/** Read-only look-ups of panel users, e.g. to show an e-mail next to a user id. Thread-safe. */
public interface UserDirectory {

    Optional<PanelUser> find(long id);

    Optional<PanelUser> findByEmail(String email);
}
