package dev.talon.core.servers.files;

/** A refused or failed file operation, typed so the API can answer with Pterodactyl's status codes. */
public final class FileProblem extends RuntimeException {

    /** What went wrong: the HTTP status follows from it. */
    public enum Kind {
        /** The path leaves the server folder, is malformed or names a link out: 400. */
        REFUSED(400),
        /** Nothing at that path: 404. */
        NOT_FOUND(404),
        /** Something already exists at the target: 409. */
        EXISTS(409),
        /** Over the size limit: 413. */
        TOO_LARGE(413),
        /** Not a text file, not a directory, or similar: 422. */
        UNSUITABLE(422);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public FileProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
