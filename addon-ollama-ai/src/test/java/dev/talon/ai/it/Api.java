package dev.talon.ai.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A plain HTTP client with a panel API key, as a script or an integration would use. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();

    record Reply(int status, JsonNode json, String body, Response raw) {}

    private final String base;
    private final String key;

    Api(String base, String key) {
        this.base = base;
        this.key = key;
    }

    Request.Builder request(String method, String path, String json) {
        RequestBody body = json == null ? null : RequestBody.create(json, MediaType.get("application/json"));
        return new Request.Builder().url(base + path).method(method, body).header("Authorization", "Bearer " + key);
    }

    Reply call(String method, String path, String json) {
        try (Response r = HTTP.newCall(request(method, path, json).build()).execute()) {
            String body = r.body().string();
            JsonNode node = null;
            try {
                node = body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException notJson) {
                // keep the raw body
            }
            return new Reply(r.code(), node, body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a streamed call; the caller reads lines and closes. */
    Response open(String path, String json) throws IOException {
        return HTTP.newCall(request("POST", path, json).build()).execute();
    }

    static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
