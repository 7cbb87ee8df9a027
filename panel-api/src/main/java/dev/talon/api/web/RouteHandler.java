package dev.talon.api.web;

/**
 * Handles one add-on request. Runs on a virtual thread; may block. Throw Javalin's
 * {@code HttpResponseException}s ({@code NotFoundResponse}, {@code BadRequestResponse}, …) for
 * expected failures: the host turns them into the friendly page or {@code {"error": …}} body.
 * Any other exception becomes a 500 with a generic message; its details go only to the log.
 */
@FunctionalInterface
public interface RouteHandler {
    void handle(Request request) throws Exception;
}
