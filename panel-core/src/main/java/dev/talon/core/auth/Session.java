package dev.talon.core.auth;

/**
 * A browser session.
 *
 * @param idHash SHA-256 of the cookie value (the value itself is never stored)
 * @param userId the signed-in user, or {@code null} while anonymous
 * @param pendingUserId a user who passed the password step and still owes a two-factor code
 * @param csrfToken the token forms and fetches must send back
 */
public record Session(String idHash, Long userId, Long pendingUserId, String csrfToken, long lastSeenAt) {}
