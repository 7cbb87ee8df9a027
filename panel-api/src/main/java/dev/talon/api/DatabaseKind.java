package dev.talon.api;

/** The database the panel runs on. */
public enum DatabaseKind {
    H2,
    POSTGRESQL,
    MARIADB
}
