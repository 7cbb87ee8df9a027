package dev.talon.core.servers.node.logs;

/**
 * When {@code latest.log} is rotated: before a line would take it past {@code maxBytes} it
 * becomes {@code latest.1.log} (older ones shift up) and at most {@code keep} old files remain.
 */
public record LogRotation(long maxBytes, int keep) {

    public static final LogRotation DEFAULT = new LogRotation(10L * 1024 * 1024, 5);

    public LogRotation {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("log rotation maxBytes must be >= 1024, was " + maxBytes);
        }
        if (keep < 0 || keep > 100) {
            throw new IllegalArgumentException("log rotation keep must be 0..100, was " + keep);
        }
    }
}
