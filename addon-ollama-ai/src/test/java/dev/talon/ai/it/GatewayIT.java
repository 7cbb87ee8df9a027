package dev.talon.ai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.ai.ollama.fake.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Ollama-compatible gateway, spoken to as an Ollama client would: plain HTTP, Ollama's JSON. */
class GatewayIT {

    private static final String BASE = "/api/ai/ollama";

    @TempDir
    static Path root;
    static PanelWithAi env;
    static Api api;

    @BeforeAll
    static void start() {
        env = PanelWithAi.start(root);
        api = new Api(env.baseUrl(), env.newClient().apiKey());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void chat_streams_ndjson_chunks_in_ollamas_format() throws Exception {
        env.ollama.enqueue("/api/chat", Reply.chat("Hello", " there"));
        try (Response r = api.open(BASE + "/api/chat",
                "{\"model\":\"llama3.1:8b\",\"keep_alive\":-1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
            assertEquals(200, r.code());
            assertTrue(r.header("Content-Type").startsWith("application/x-ndjson"));
            var lines = new ArrayList<JsonNode>();
            String line;
            while ((line = r.body().source().readUtf8Line()) != null) {
                lines.add(Api.parse(line));
            }
            assertEquals("Hello", lines.get(0).get("message").get("content").asText());
            assertEquals("assistant", lines.get(0).get("message").get("role").asText());
            assertFalse(lines.get(0).get("done").asBoolean());
            assertTrue(lines.get(0).has("created_at"));
            JsonNode last = lines.getLast();
            assertTrue(last.get("done").asBoolean());
            assertEquals("stop", last.get("done_reason").asText());
            assertTrue(last.has("eval_count") && last.has("total_duration"), last.toString());
        }
        // the operator's keep_alive stays in charge: a client's is not forwarded
        assertFalse(env.ollama.requests("/api/chat").getLast().path("keep_alive").asText().equals("-1"));
    }

    @Test
    void each_chunk_reaches_the_caller_before_the_next_one_exists() throws Exception {
        // The fake sends "Hello", then goes silent for 30 s with the connection open; the test
        // client gives up after 20 s without bytes. So the caller reads "Hello" only if the
        // gateway sent it on by itself, not held in a response buffer until more came.
        env.ollama.enqueue("/api/chat", Reply.chat("Hello", " there").stallingAfter(1));
        try (Response r = api.open(BASE + "/api/chat",
                "{\"model\":\"llama3.1:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")) {
            assertEquals(200, r.code());
            JsonNode first = Api.parse(r.body().source().readUtf8Line());
            assertEquals("Hello", first.get("message").get("content").asText());
            assertFalse(first.get("done").asBoolean());
        }
    }

    @Test
    void chat_without_streaming_returns_one_object() {
        env.ollama.enqueue("/api/chat", Reply.chat("One", " piece"));
        Api.Reply r = api.call("POST", BASE + "/api/chat",
                "{\"model\":\"llama3.1:8b\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(200, r.status(), r.body());
        assertEquals("One piece", r.json().get("message").get("content").asText());
        assertTrue(r.json().get("done").asBoolean());
    }

    @Test
    void generate_streams_response_fields() throws Exception {
        env.ollama.enqueue("/api/generate", Reply.generate("a", "b"));
        try (Response r = api.open(BASE + "/api/generate", "{\"model\":\"llama3.1:8b\",\"prompt\":\"x\"}")) {
            JsonNode first = Api.parse(r.body().source().readUtf8Line());
            assertEquals("a", first.get("response").asText());
        }
    }

    @Test
    void tags_version_and_show_answer_like_ollama() {
        JsonNode tags = api.call("GET", BASE + "/api/tags", null).json();
        assertEquals("llama3.1:8b", tags.get("models").get(0).get("name").asText());
        assertTrue(tags.get("models").get(0).has("modified_at"));
        assertTrue(api.call("GET", BASE + "/api/version", null).json().has("version"));
        Api.Reply show = api.call("POST", BASE + "/api/show", "{\"model\":\"llama3.1:8b\"}");
        assertEquals(200, show.status(), show.body());
        assertTrue(show.json().has("capabilities"));
        assertEquals(200, api.call("GET", BASE + "/api/ps", null).status());
    }

    @Test
    void an_unknown_model_is_a_404_with_ollamas_error_shape() {
        Api.Reply r = api.call("POST", BASE + "/api/chat",
                "{\"model\":\"nope:1b\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(404, r.status());
        assertTrue(r.json().get("error").asText().contains("not found"), r.body());
    }

    @Test
    void a_bad_api_key_is_refused_with_401() {
        Api.Reply r = new Api(env.baseUrl(), "tln_not_a_real_key").call("GET", BASE + "/api/tags", null);
        assertEquals(401, r.status());
        assertTrue(r.json().has("error"), r.body());
    }

    @Test
    void model_management_is_not_exposed() {
        for (String path : List.of("/api/pull", "/api/delete", "/api/create", "/api/copy")) {
            assertEquals(404, api.call("POST", BASE + path, "{\"model\":\"llama3.1:8b\"}").status(), path);
        }
    }
}
