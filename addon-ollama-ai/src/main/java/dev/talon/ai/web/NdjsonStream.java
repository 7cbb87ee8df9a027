package dev.talon.ai.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed {@code application/x-ndjson} answer: one JSON object per line, flushed as it is
 * written, so the browser shows each token at once. Proxies are asked not to buffer it
 * ({@code X-Accel-Buffering: no}). Opening it commits status 200: errors after that are sent as
 * lines, not statuses.
 *
 * <p>Threading: written by the request's thread only.
 */
public final class NdjsonStream {

    private final OutputStream out;

    private NdjsonStream(OutputStream out) {
        this.out = out;
    }

    /** Starts the answer. */
    public static NdjsonStream open(Context ctx) throws IOException {
        var res = ctx.res();
        res.setStatus(200);
        res.setContentType("application/x-ndjson; charset=utf-8");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        return new NdjsonStream(res.getOutputStream());
    }

    /** Sends one line; an {@link IOException} means the reader has gone. */
    public void write(JsonNode line) throws IOException {
        out.write((line.toString() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
