package dev.talon.ai.web;

import dev.talon.api.web.Request;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Serves the add-on's own scripts and styles from its jar ({@code /ai/assets/<name>}). Only the
 * listed files, so the route can't be used to read other resources.
 */
public final class Assets {

    private static final Set<String> FILES = Set.of("ai.css", "ai-dashboard.js", "ai-chat.js", "ai-chat.css", "ai-help.js", "ai-console.js",
            "ai-files.js");

    private Assets() {}

    public static void serve(Request request) throws IOException {
        String name = request.pathParam("name");
        if (!FILES.contains(name)) {
            throw new NotFoundResponse("There is nothing at this address.");
        }
        try (InputStream in = Assets.class.getResourceAsStream("/ai-assets/" + name)) {
            if (in == null) {
                throw new NotFoundResponse("There is nothing at this address.");
            }
            request.ctx().contentType(name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
                    .header("Cache-Control", "public, max-age=300")
                    .result(in.readAllBytes());
        }
    }
}
