package dev.talon.api.web;

/** HTTP methods an add-on route may answer. All but GET must carry a CSRF token in a session. */
public enum HttpMethod {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE;

    /** Whether requests with this method change state (and so are CSRF-checked). */
    public boolean changesState() {
        return this != GET;
    }
}
