package dev.talon.ai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingException;
import dev.langchain4j.model.output.FinishReason;
import dev.talon.ai.ollama.fake.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, acceptance 5: an off-the-shelf Ollama client library — LangChain4j's
 * {@code langchain4j-ollama}, configured as its documentation says (base URL, custom headers) —
 * works against the panel's gateway, streaming and not, and is refused with a 401 for a bad key.
 * The gateway serves only the models of its allow-list ({@code gateway.models}); the fake Ollama
 * has one more installed, which the library must neither see nor reach.
 *
 * <p>Retries are off ({@code maxRetries(0)}): a retry would hide a first attempt that failed.
 */
class GatewayWithLangChain4jIT {

    private static final String CHAT = PanelWithAi.CHAT_MODEL;
    private static final String EMBED = "nomic-embed-text:latest";
    private static final String NOT_ALLOWED = "mistral:7b";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path root;
    static PanelWithAi env;
    static String gateway;
    static Map<String, String> auth;

    @BeforeAll
    static void start() {
        env = PanelWithAi.start(root, "gateway:\n  models: \"" + CHAT + ", nomic-embed-text\"\n");
        env.ollama.withModel("nomic-embed-text").withModel(NOT_ALLOWED);
        gateway = env.baseUrl() + "/api/ai/ollama";
        auth = Map.of("Authorization", "Bearer " + env.newClient().apiKey());
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void chat_model_gets_the_whole_answer_in_one_response() {
        env.ollama.enqueue("/api/chat", Reply.chat("The", " sky", " is", " blue."));

        ChatResponse response = chatModel(CHAT, auth).chat(ChatRequest.builder()
                .messages(UserMessage.from("Why is the sky blue?")).build());

        assertEquals("The sky is blue.", response.aiMessage().text());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertEquals(4, response.tokenUsage().outputTokenCount(), response.toString());
    }

    @Test
    void streaming_chat_model_gets_the_tokens_in_order_as_they_are_written() throws Exception {
        List<String> tokens = List.of("Str", "eam", "ing", " works", " through", " the", " panel.");
        env.ollama.enqueue("/api/chat", Reply.chat(tokens.toArray(String[]::new)).withChunkDelay(Duration.ofMillis(60)));
        Streamed streamed = new Streamed();

        streamingModel(CHAT, auth).chat("Say something", streamed);

        ChatResponse done = streamed.complete.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(tokens, streamed.partials);
        assertEquals(String.join("", tokens), done.aiMessage().text());
        assertEquals(FinishReason.STOP, done.finishReason());
        // Really streamed, not buffered by the panel: the first token reached the library long
        // before the last was written (7 chunks 60 ms apart).
        long firstToDone = TimeUnit.NANOSECONDS.toMillis(streamed.completedAt - streamed.firstAt);
        assertTrue(firstToDone >= 200, "first token only " + firstToDone + " ms before the end");
    }

    @Test
    void a_model_error_after_streaming_started_reaches_the_library_as_ollamas_error_line() throws Exception {
        env.ollama.enqueue("/api/chat", Reply.chat("Half", " an", " answer").failingMidStream("an error was encountered while running the model"));
        Streamed streamed = new Streamed();

        streamingModel(CHAT, auth).chat("hi", streamed);

        var failure = assertThrows(ExecutionException.class, () -> streamed.complete.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(OllamaStreamingException.class, failure.getCause());
        assertEquals("an error was encountered while running the model", failure.getCause().getMessage());
        assertEquals(List.of("Half", " an", " answer"), streamed.partials);
    }

    @Test
    void model_list_shows_only_the_allowed_models_and_their_cards_answer() {
        OllamaModels models = models(auth);

        List<String> names = models.availableModels().content().stream().map(OllamaModel::getName).sorted().toList();

        assertEquals(List.of(CHAT, EMBED), names);
        var card = models.modelCard(CHAT).content();
        assertTrue(card.getCapabilities().contains("completion"), String.valueOf(card.getCapabilities()));
        assertEquals("llama", card.getDetails().getFamily());
        models.runningModels(); // /api/ps parses
    }

    @Test
    void embedding_model_gets_one_vector_per_input() {
        OllamaEmbeddingModel model = OllamaEmbeddingModel.builder().baseUrl(gateway).modelName("nomic-embed-text")
                .customHeaders(auth).maxRetries(0).timeout(TIMEOUT).build();

        Embedding one = model.embed("a server log line").content();
        List<Embedding> two = model.embedAll(List.of(TextSegment.from("a"), TextSegment.from("b"))).content();

        assertEquals(4, one.dimension());
        assertEquals(2, two.size());
        assertTrue(two.get(0).vector()[0] != two.get(1).vector()[0], "distinct vectors, in input order");
    }

    @Test
    void a_bad_api_key_surfaces_as_the_librarys_401_error() throws Exception {
        Map<String, String> badKey = Map.of("Authorization", "Bearer tln_not_a_real_key");
        int chatsBefore = env.ollama.requestCount("/api/chat");

        var blocking = assertThrows(AuthenticationException.class, () -> chatModel(CHAT, badKey).chat("hi"));
        assertEquals(401, httpStatus(blocking));
        assertEquals(401, httpStatus(assertThrows(AuthenticationException.class,
                () -> models(badKey).availableModels())), "GET /api/tags");
        assertEquals(401, httpStatus(assertThrows(AuthenticationException.class,
                () -> models(Map.of()).availableModels())), "no key at all");
        // With no key at all a POST meets the host's CSRF check first (403): still an
        // authentication error for the library.
        assertThrows(AuthenticationException.class, () -> chatModel(CHAT, Map.of()).chat("hi"));

        Streamed streamed = new Streamed();
        streamingModel(CHAT, badKey).chat("hi", streamed);
        var failure = assertThrows(ExecutionException.class, () -> streamed.complete.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(AuthenticationException.class, failure.getCause());
        assertEquals(401, httpStatus(failure.getCause()));

        assertEquals(chatsBefore, env.ollama.requestCount("/api/chat"), "nothing reached Ollama");
    }

    @Test
    void a_model_outside_the_allow_list_is_refused_as_not_found() throws Exception {
        assertTrue(env.ollama.isInstalled(NOT_ALLOWED), "installed upstream, so only the gateway can refuse it");
        int chatsBefore = env.ollama.requestCount("/api/chat");

        var blocking = assertThrows(ModelNotFoundException.class, () -> chatModel(NOT_ALLOWED, auth).chat("hi"));
        assertEquals(404, httpStatus(blocking));
        assertTrue(blocking.getMessage().contains("not found"), blocking.getMessage());

        Streamed streamed = new Streamed();
        streamingModel(NOT_ALLOWED, auth).chat("hi", streamed);
        var failure = assertThrows(ExecutionException.class, () -> streamed.complete.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(ModelNotFoundException.class, failure.getCause());

        assertThrows(ModelNotFoundException.class, () -> OllamaEmbeddingModel.builder().baseUrl(gateway).modelName(NOT_ALLOWED)
                .customHeaders(auth).maxRetries(0).build().embed("x"));
        assertEquals(chatsBefore, env.ollama.requestCount("/api/chat"), "nothing reached Ollama");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static OllamaChatModel chatModel(String model, Map<String, String> headers) {
        return OllamaChatModel.builder().baseUrl(gateway).modelName(model).customHeaders(headers)
                .maxRetries(0).timeout(TIMEOUT).build();
    }

    private static OllamaStreamingChatModel streamingModel(String model, Map<String, String> headers) {
        return OllamaStreamingChatModel.builder().baseUrl(gateway).modelName(model).customHeaders(headers)
                .timeout(TIMEOUT).build();
    }

    private static OllamaModels models(Map<String, String> headers) {
        return OllamaModels.builder().baseUrl(gateway).maxRetries(0).timeout(TIMEOUT)
                .httpClientBuilder(new WithHeaders(headers)).build(); // OllamaModels takes no customHeaders
    }

    private static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http) {
                return http.statusCode();
            }
        }
        throw new AssertionError("no HTTP status in " + e, e);
    }

    /** Collects a streamed answer: the partial texts in arrival order and when they came. */
    private static final class Streamed implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> complete = new CompletableFuture<>();
        volatile long firstAt;
        volatile long completedAt;

        @Override
        public void onPartialResponse(String partial) {
            if (partials.isEmpty()) {
                firstAt = System.nanoTime();
            }
            partials.add(partial);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
            completedAt = System.nanoTime();
            complete.complete(response);
        }

        @Override
        public void onError(Throwable error) {
            complete.completeExceptionally(error);
        }
    }

    /**
     * LangChain4j's own extension point for the HTTP client, used here only because
     * {@link OllamaModels} takes no custom headers: the JDK client it would use anyway, with the
     * given headers added to every request.
     */
    private record WithHeaders(Map<String, String> headers, JdkHttpClientBuilder jdk) implements HttpClientBuilder {
        WithHeaders(Map<String, String> headers) {
            this(headers, new JdkHttpClientBuilder());
        }

        @Override
        public Duration connectTimeout() {
            return jdk.connectTimeout();
        }

        @Override
        public HttpClientBuilder connectTimeout(Duration timeout) {
            jdk.connectTimeout(timeout);
            return this;
        }

        @Override
        public Duration readTimeout() {
            return jdk.readTimeout();
        }

        @Override
        public HttpClientBuilder readTimeout(Duration timeout) {
            jdk.readTimeout(timeout);
            return this;
        }

        @Override
        public HttpClient build() {
            HttpClient client = jdk.build();
            return new HttpClient() {
                @Override
                public SuccessfulHttpResponse execute(HttpRequest request) {
                    return client.execute(withHeaders(request));
                }

                @Override
                public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
                    client.execute(withHeaders(request), parser, listener);
                }
            };
        }

        private HttpRequest withHeaders(HttpRequest request) {
            var all = new HashMap<String, List<String>>(request.headers());
            headers.forEach((name, value) -> all.put(name, new ArrayList<>(List.of(value))));
            return HttpRequest.builder().method(request.method()).url(request.url()).headers(all).body(request.body()).build();
        }
    }
}
