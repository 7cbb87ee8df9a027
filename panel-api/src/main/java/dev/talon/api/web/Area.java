package dev.talon.api.web;

/**
 * The parts of the panel. Admin routes live under {@code /admin/} and need a root administrator;
 * API routes live under {@code /api/} and answer JSON; client routes are everything else a signed-in
 * user can reach.
 */
public enum Area {
    ADMIN("/admin/"),
    CLIENT("/"),
    API("/api/");

    private final String prefix;

    Area(String prefix) {
        this.prefix = prefix;
    }

    /** The path prefix every route of this area must start with. */
    public String prefix() {
        return prefix;
    }
}
