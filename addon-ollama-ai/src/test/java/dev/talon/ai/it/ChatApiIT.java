package dev.talon.ai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.ai.ollama.fake.Reply;
import dev.talon.core.testing.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The assistant's API inside a real panel with the built add-on jar and a wire-exact fake Ollama. */
class ChatApiIT {

    @TempDir
    static Path root;
    static PanelWithAi env;

    @BeforeAll
    static void start() {
        env = PanelWithAi.start(root);
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    private static Api api(PanelWithAi.Client c) {
        return new Api(env.baseUrl(), c.apiKey());
    }

    private static List<JsonNode> readAll(Response r) throws Exception {
        var lines = new ArrayList<JsonNode>();
        String line;
        while ((line = r.body().source().readUtf8Line()) != null) {
            lines.add(Api.parse(line));
        }
        return lines;
    }

    private static JsonNode lastAnswer(Api api, long conversation) {
        JsonNode messages = api.call("GET", "/api/ai/chat/" + conversation, null).json().get("messages");
        return messages.get(messages.size() - 1);
    }

    @Test
    void streaming_message_emits_tokens_then_done_and_stores_the_answer() throws Exception {
        var client = env.newClient();
        env.ollama.enqueue("/api/chat", Reply.chat("The", " sky", " is", " blue."));
        try (Response r = api(client).open("/api/ai/chat/message", "{\"message\":\"Why is the sky blue?\",\"stream\":true}")) {
            assertEquals(200, r.code());
            assertTrue(r.header("Content-Type").startsWith("application/x-ndjson"));
            List<JsonNode> lines = readAll(r);
            List<String> tokens = lines.stream().filter(l -> l.path("type").asText().equals("token"))
                    .map(l -> l.get("content").asText()).toList();
            assertEquals(List.of("The", " sky", " is", " blue."), tokens);
            JsonNode done = lines.getLast();
            assertEquals("done", done.get("type").asText());
            assertEquals("complete", done.get("status").asText());
            assertTrue(done.get("usage").has("completion_tokens"), done.toString());
            long id = done.get("conversation_id").asLong();
            JsonNode conversation = api(client).call("GET", "/api/ai/chat/" + id, null).json();
            assertEquals("Why is the sky blue?", conversation.get("title").asText());
            JsonNode messages = conversation.get("messages");
            assertEquals("user", messages.get(0).get("role").asText());
            assertEquals("The sky is blue.", messages.get(1).get("content").asText());
            assertEquals(PanelWithAi.CHAT_MODEL, messages.get(1).get("model").asText());
            JsonNode list = api(client).call("GET", "/api/ai/chat", null).json();
            assertEquals(id, list.get("data").get(0).get("id").asLong());
        }
        // the system prompt of the preset went first, the user's message last
        JsonNode sent = env.ollama.requests("/api/chat").getLast();
        assertEquals("system", sent.get("messages").get(0).get("role").asText());
        assertEquals("Why is the sky blue?", sent.get("messages").get(sent.get("messages").size() - 1).get("content").asText());
    }

    @Test
    void non_streaming_message_returns_one_object_and_continues_a_conversation() {
        var client = env.newClient();
        Api api = api(client);
        long id = api.call("POST", "/api/ai/chat", "{\"title\":\"Plugins\"}").json().get("id").asLong();
        env.ollama.enqueue("/api/chat", Reply.chat("Use ", "LuckPerms."));
        Api.Reply reply = api.call("POST", "/api/ai/chat/message", "{\"message\":\"Permissions plugin?\",\"conversation_id\":" + id + "}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals(id, reply.json().get("conversation_id").asLong());
        assertEquals("assistant", reply.json().get("message").get("role").asText());
        assertEquals("Use LuckPerms.", reply.json().get("message").get("content").asText());
    }

    @Test
    void stopping_a_stream_keeps_the_partial_answer_marked_stopped() throws Exception {
        var client = env.newClient();
        env.ollama.enqueue("/api/chat", Reply.chatTokens(400).withChunkDelay(Duration.ofMillis(15)));
        long conversation;
        try (Response r = api(client).open("/api/ai/chat/message", "{\"message\":\"Tell me a long story\",\"stream\":true}")) {
            conversation = Api.parse(r.body().source().readUtf8Line()).get("conversation_id").asLong();
            for (int i = 0; i < 5; i++) {
                assertEquals("token", Api.parse(r.body().source().readUtf8Line()).get("type").asText());
            }
        } // closing mid-stream = the browser's abort
        assertTrue(env.ollama.awaitClientGone(Duration.ofSeconds(10)), "the upstream stream was not cancelled");
        JsonNode answer = waitForAnswer(api(client), conversation);
        assertEquals("stopped", answer.get("status").asText());
        assertFalse(answer.get("content").asText().isEmpty());
        assertTrue(env.ollama.linesWritten() < 400);
    }

    @Test
    void explicit_stop_ends_the_stream_with_a_stopped_done_line() throws Exception {
        var client = env.newClient();
        env.ollama.enqueue("/api/chat", Reply.chatTokens(400).withChunkDelay(Duration.ofMillis(15)));
        try (Response r = api(client).open("/api/ai/chat/message", "{\"message\":\"Count\",\"stream\":true}")) {
            r.body().source().readUtf8Line();
            r.body().source().readUtf8Line();
            assertTrue(api(client).call("POST", "/api/ai/chat/stop", "{}").json().get("stopped").asBoolean());
            JsonNode last = readAll(r).getLast();
            assertEquals("done", last.get("type").asText());
            assertEquals("stopped", last.get("status").asText());
        }
    }

    @Test
    void a_mid_stream_model_error_is_explained_and_the_partial_answer_saved_as_error() throws Exception {
        var client = env.newClient();
        env.ollama.enqueue("/api/chat", Reply.chat("Half", " an", " answer").failingMidStream("an error was encountered while running the model"));
        try (Response r = api(client).open("/api/ai/chat/message", "{\"message\":\"Go\",\"stream\":true}")) {
            JsonNode last = readAll(r).getLast();
            assertEquals("error", last.get("type").asText());
            assertTrue(last.get("error").asText().contains("failed while answering"), last.toString());
            JsonNode answer = lastAnswer(api(client), last.get("conversation_id").asLong());
            assertEquals("error", answer.get("status").asText());
            assertTrue(answer.get("content").asText().startsWith("Half"), answer.toString());
            assertNotNull(answer.get("error"));
        }
    }

    @Test
    void a_dropped_upstream_connection_is_explained_and_the_partial_answer_saved_as_error() throws Exception {
        var client = env.newClient();
        env.ollama.enqueue("/api/chat", Reply.chat("Some", " text", " then", " nothing").disconnectingAfter(2));
        try (Response r = api(client).open("/api/ai/chat/message", "{\"message\":\"Go\",\"stream\":true}")) {
            JsonNode last = readAll(r).getLast();
            assertEquals("error", last.get("type").asText(), last.toString());
            JsonNode answer = lastAnswer(api(client), last.get("conversation_id").asLong());
            assertEquals("error", answer.get("status").asText());
            assertEquals("Some text", answer.get("content").asText());
        }
    }

    @Test
    void an_unknown_model_says_which_model_is_missing() throws Exception {
        var client = env.newClient(); // the coding preset uses the code model, which the fake does not have
        try (Response r = api(client).open("/api/ai/chat/message", "{\"message\":\"Fix my config\",\"preset\":\"builtin:coding\",\"stream\":true}")) {
            JsonNode last = readAll(r).getLast();
            assertEquals("error", last.get("type").asText());
            assertTrue(last.get("error").asText().contains("codellama:7b") && last.get("error").asText().contains("not installed"),
                    last.toString());
            assertEquals("error", lastAnswer(api(client), last.get("conversation_id").asLong()).get("status").asText());
        }
    }

    @Test
    void another_users_conversation_is_not_found_through_the_api_and_the_page_even_for_admins() {
        var alice = env.newClient();
        var bob = env.newClient();
        long id = api(alice).call("POST", "/api/ai/chat", "{\"title\":\"Alice's secret\"}").json().get("id").asLong();
        assertEquals(200, api(alice).call("GET", "/api/ai/chat/" + id, null).status());
        for (String method : List.of("GET", "DELETE")) {
            assertEquals(404, api(bob).call(method, "/api/ai/chat/" + id, null).status(), method);
        }
        assertEquals(404, api(bob).call("PATCH", "/api/ai/chat/" + id, "{\"title\":\"mine\"}").status());
        assertEquals(404, api(bob).call("GET", "/api/ai/chat/" + id + "/export?format=json", null).status());
        Api.Reply hijack = api(bob).call("POST", "/api/ai/chat/message", "{\"message\":\"hi\",\"conversation_id\":" + id + "}");
        assertEquals(404, hijack.status());
        assertFalse(api(bob).call("GET", "/api/ai/chat", null).body().contains("Alice"));

        WebClient bobBrowser = env.panel.client();
        bobBrowser.login(bob.email(), PanelWithAi.PASSWORD);
        assertEquals(404, bobBrowser.get("/ai/chat/" + id).status());
        WebClient aliceBrowser = env.panel.client();
        aliceBrowser.login(alice.email(), PanelWithAi.PASSWORD);
        var page = aliceBrowser.get("/ai/chat/" + id);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("Alice&#39;s secret"));
        assertEquals(404, env.panel.admin().get("/ai/chat/" + id).status());
    }

    @Test
    void the_message_past_the_rate_limit_gets_429_with_retry_after_and_a_friendly_message() {
        var client = env.newClient();
        Api api = api(client);
        for (int i = 0; i < 20; i++) {
            assertEquals(200, api.call("POST", "/api/ai/chat/message", "{\"message\":\"m" + i + "\"}").status());
        }
        Api.Reply refused = api.call("POST", "/api/ai/chat/message", "{\"message\":\"one more\"}");
        assertEquals(429, refused.status());
        assertNotNull(refused.raw().header("Retry-After"));
        assertTrue(Integer.parseInt(refused.raw().header("Retry-After")) > 0);
        assertTrue(refused.json().get("error").asText().contains("try again in"), refused.body());
    }

    @Test
    void a_too_long_message_is_refused_before_reaching_the_model() {
        var client = env.newClient();
        int before = env.ollama.requestCount("/api/chat");
        Api.Reply r = api(client).call("POST", "/api/ai/chat/message", "{\"message\":\"" + "x".repeat(5000) + "\"}");
        assertEquals(400, r.status());
        assertTrue(r.json().get("error").asText().contains("at most 4000"));
        assertEquals(before, env.ollama.requestCount("/api/chat"));
    }

    @Test
    void session_requests_need_the_csrf_token() {
        var client = env.newClient();
        WebClient browser = env.panel.client();
        browser.login(client.email(), PanelWithAi.PASSWORD);
        assertEquals(403, browser.send("POST", "/api/ai/chat", "{}", Map.of()).status());
        assertEquals(201, browser.send("POST", "/api/ai/chat", "{}", Map.of("X-CSRF-Token", browser.csrf())).status());
    }

    @Test
    void the_chat_button_is_on_every_page_and_loads_only_a_script_file() {
        var client = env.newClient();
        WebClient browser = env.panel.client();
        browser.login(client.email(), PanelWithAi.PASSWORD);
        String body = browser.get("/").body();
        assertTrue(body.contains("id=\"ai-chat-open\""), body);
        assertTrue(body.contains("<script src=\"/ai/assets/ai-chat.js\" defer></script>"));
        assertEquals(200, browser.get("/ai/assets/ai-chat.js").status());
    }

    @Test
    void talk_to_a_human_opens_a_triaged_ticket_and_the_admins_reply_lands_in_the_conversation() {
        var client = env.newClient();
        Api api = api(client);
        env.ollama.enqueue("/api/chat", Reply.chat("Try restarting."));
        long id = api.call("POST", "/api/ai/chat/message", "{\"message\":\"My server <b>crashes</b> on start\"}").json()
                .get("conversation_id").asLong();
        env.ollama.enqueue("/api/chat", Reply.chat("{\"category\":\"technical\",\"urgency\":\"high\","
                + "\"summary\":\"Server crashes on start\",\"suggested_reply\":\"Please send us the crash log.\"}"));
        Api.Reply ticket = api.call("POST", "/api/ai/chat/" + id + "/escalate", "{}");
        assertEquals(201, ticket.status(), ticket.body());
        assertEquals("technical", ticket.json().get("category").asText());
        assertEquals("high", ticket.json().get("urgency").asText());
        assertTrue(env.ollama.requests("/api/chat").getLast().get("format").has("properties"), "structured output schema");
        assertEquals(404, api(env.newClient()).call("POST", "/api/ai/chat/" + id + "/escalate", "{}").status());

        WebClient admin = env.panel.admin();
        var page = admin.get("/admin/ai/support");
        assertTrue(page.body().contains("Server crashes on start") && page.body().contains("Please send us the crash log."));
        assertTrue(page.body().contains("&lt;b&gt;crashes&lt;/b&gt;"), "the transcript is escaped");
        long ticketId = ticket.json().get("ticket_id").asLong();
        var sent = admin.post("/admin/ai/support/" + ticketId + "/reply", Map.of("reply", "Please send us the crash log, thanks!"));
        assertEquals(302, sent.status());
        JsonNode last = lastAnswer(api, id);
        assertEquals("support", last.get("role").asText());
        assertEquals("Please send us the crash log, thanks!", last.get("content").asText());
        assertFalse(admin.get("/admin/ai/support").body().contains("Server crashes on start"));
    }

    private static JsonNode waitForAnswer(Api api, long conversation) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode messages = api.call("GET", "/api/ai/chat/" + conversation, null).json().get("messages");
            if (messages.size() == 2) {
                return messages.get(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the partial answer was never stored");
    }
}
