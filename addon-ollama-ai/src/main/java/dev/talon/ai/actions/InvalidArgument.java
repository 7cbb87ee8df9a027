package dev.talon.ai.actions;

/** A tool argument that fails validation; the message is told to the model. */
final class InvalidArgument extends RuntimeException {
    InvalidArgument(String message) {
        super(message, null, false, false);
    }
}
