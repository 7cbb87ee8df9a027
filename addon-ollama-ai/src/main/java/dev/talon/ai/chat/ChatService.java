package dev.talon.ai.chat;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.presets.Preset;
import dev.talon.ai.presets.Presets;
import dev.talon.ai.usage.UsageLog;
import dev.talon.api.PanelUser;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One assistant turn, from the user's message to the stored answer: checks the limits, picks the
 * preset and its model, builds the prompt, streams the answer to a {@link Sink}, and stores what
 * came back with its status. Whatever happens — the user stops, the browser goes away, the model
 * fails mid-answer, Ollama is down — the text received so far is kept, marked {@code stopped} or
 * {@code error}, and one usage record is written.
 *
 * <p>Threading: {@link #send} blocks the calling (virtual) thread for the whole answer;
 * {@link #stop} may be called from any other thread.
 */
public final class ChatService {

    /** Where the answer goes while it streams. */
    public interface Sink {
        /** The conversation is known (perhaps just created); before any token. */
        default void started(Conversation conversation) throws IOException {}

        /** A piece of the answer. Throwing means the reader went away: the answer stops. */
        void token(String text) throws IOException;
    }

    /**
     * A turn's request.
     *
     * @param conversationId null for a new conversation
     * @param preset preset id, null for the conversation's (or the default)
     * @param useContext whether the user allowed page context
     * @param regenerate drop the last answer and answer the last user message again ({@code message} ignored)
     */
    public record Send(String message, Long conversationId, String serverUuid, String preset, String pagePath,
                       boolean useContext, boolean regenerate) {}

    /** Usage figures of a turn. */
    public record Usage(String model, Integer promptTokens, Integer completionTokens, Integer ttftMs, long durationMs) {}

    /**
     * How a turn ended.
     *
     * @param answer the stored assistant message (complete, stopped or error)
     * @param error for people, when the status is error; null otherwise
     */
    public record Outcome(Conversation conversation, StoredMessage answer, String error, Usage usage) {}

    private final AiRuntime runtime;
    private final ChatStore store;
    private final Presets presets;
    private final UsageLog usage;
    private final PageContext pageContext;
    private final ChatLimits limits;
    private final Supplier<Long> nanos;
    private final HelpLookup help;

    public ChatService(AiRuntime runtime, ChatStore store, Presets presets, UsageLog usage, PageContext pageContext,
                       java.time.Clock clock) {
        this(runtime, store, presets, usage, pageContext, clock, HelpLookup.NONE);
    }

    /** With the help centre: how-to questions are grounded in its passages; offline answers offer its articles. */
    public ChatService(AiRuntime runtime, ChatStore store, Presets presets, UsageLog usage, PageContext pageContext,
                       java.time.Clock clock, HelpLookup help) {
        this.help = help;
        this.runtime = runtime;
        this.store = store;
        this.presets = presets;
        this.usage = usage;
        this.pageContext = pageContext;
        this.limits = new ChatLimits(clock);
        this.nanos = System::nanoTime;
    }

    /** Stops the user's running answer (the stop button); returns whether one was running. */
    public boolean stop(long userId) {
        return limits.stop(userId);
    }

    /**
     * Runs one turn.
     *
     * @throws ChatRefused before anything was stored or sent (bad message, limits, busy service)
     * @throws ConversationNotFound when {@code conversationId} is not the user's
     */
    public Outcome send(PanelUser user, Send send, Sink sink) throws IOException {
        ChatSettings settings = ChatSettings.from(runtime.settings().resolved());
        Conversation conversation = send.conversationId() == null ? null
                : store.find(user.id(), send.conversationId()).orElseThrow(ConversationNotFound::new);
        String message = send.regenerate() ? lastUserMessage(conversation) : checked(send.message(), settings);
        Preset preset = preset(send.preset(), conversation);
        String model = Presets.modelOf(preset, runtime.config());
        limits.prune();
        try (ChatLimits.Turn turn = limits.begin(user.id(), settings.ratePerWindow())) {
            PageContext.Block context = send.useContext()
                    ? pageContext.describe(user, send.pagePath(), send.serverUuid()).orElse(null) : null;
            if (conversation == null) {
                conversation = store.create(user.id(), title(message), preset.id());
            } else if (!conversation.preset().equals(preset.id())) {
                store.setPreset(conversation.id(), preset.id());
            }
            if (send.regenerate()) {
                store.deleteLastAnswer(user.id(), conversation.id());
            }
            List<StoredMessage> history = store.messages(conversation.id());
            if (send.regenerate() && !history.isEmpty()) {
                history = history.subList(0, history.size() - 1); // the user message being answered again
            }
            List<ChatMessage> prompt = Prompt.build(preset, context, history, message, settings.maxHistory(),
                    settings.historyTokens());
            prompt = grounded(prompt, message);
            OllamaStream<ChatResponse> stream;
            try {
                stream = runtime.client().streamChat(Feature.CHAT, request(model, prompt, preset));
            } catch (OllamaException.Overloaded e) {
                throw new ChatRefused(429, "The assistant is busy with other people's questions. Please try again in "
                        + e.retryAfterSeconds() + " seconds.", e.retryAfterSeconds());
            }
            try {
                if (!send.regenerate()) {
                    store.add(conversation.id(), ChatStore.NewMessage.user(message));
                }
                sink.started(conversation);
            } catch (IOException | RuntimeException e) {
                stream.close(); // frees the request slot; nothing was sent yet
                throw e;
            }
            turn.onStop(stream::cancel);
            return answer(user, conversation, model, prompt, context, stream, turn, sink);
        }
    }

    private Outcome answer(PanelUser user, Conversation conversation, String model, List<ChatMessage> prompt,
                           PageContext.Block context, OllamaStream<ChatResponse> stream, ChatLimits.Turn turn, Sink sink) {
        long start = nanos.get();
        Integer ttft = null;
        String status = StoredMessage.COMPLETE;
        String error = null;
        String errorType = null;
        ChatResponse last = null;
        StringBuilder text = new StringBuilder();
        try (stream) {
            while (stream.hasNext()) {
                ChatResponse chunk = stream.next();
                if (chunk.done()) {
                    last = chunk;
                }
                String piece = chunk.text();
                if (piece.isEmpty()) {
                    continue;
                }
                if (ttft == null) {
                    ttft = (int) ((nanos.get() - start) / 1_000_000);
                }
                text.append(piece);
                try {
                    sink.token(piece);
                } catch (IOException gone) {
                    stream.cancel(); // the reader aborted: Ollama stops generating when the socket closes
                    status = StoredMessage.STOPPED;
                    break;
                }
            }
        } catch (OllamaException.Cancelled e) {
            status = StoredMessage.STOPPED;
        } catch (OllamaException e) {
            status = turn.stopRequested() ? StoredMessage.STOPPED : StoredMessage.ERROR;
            if (status.equals(StoredMessage.ERROR)) {
                error = friendly(e, model) + (e instanceof OllamaException.OllamaUnavailable ? offered(prompt) : "");
                errorType = e.type();
            }
        }
        long durationMs = (nanos.get() - start) / 1_000_000;
        Integer tokensIn = last == null ? null : last.promptEvalCount();
        Integer tokensOut = last == null ? null : last.evalCount();
        StoredMessage answer = store.add(conversation.id(), new ChatStore.NewMessage("assistant", text.toString(), model,
                tokensIn, tokensOut, ttft, (int) Math.min(Integer.MAX_VALUE, durationMs), status, error,
                context == null ? null : context.label()));
        int promptChars = prompt.stream().mapToInt(m -> m.content() == null ? 0 : m.content().length()).sum();
        usage.record(new UsageLog.Call(user.id(), Feature.CHAT, "chat", model, promptChars),
                new UsageLog.Result(tokensIn, tokensOut, ttft, durationMs,
                        switch (status) { case StoredMessage.COMPLETE -> "ok"; case StoredMessage.STOPPED -> "stopped"; default -> "error"; },
                        errorType));
        return new Outcome(conversation, answer, error, new Usage(model, tokensIn, tokensOut, ttft, durationMs));
    }

    /** What the user reads when the model could not answer; says what to do where it can. */
    public static String friendly(OllamaException e, String model) {
        return switch (e) {
            case OllamaException.OllamaUnavailable u ->
                    "The assistant is offline: the AI service can't be reached right now. Please try again later.";
            case OllamaException.ModelNotFound m -> "The model \"" + model
                    + "\" is not installed on the AI service. An administrator can install it in AI Settings.";
            case OllamaException.Overloaded o ->
                    "The assistant is busy. Please try again in " + o.retryAfterSeconds() + " seconds.";
            case OllamaException.Timeout t -> "The model took too long to answer, so the answer was cut off.";
            case OllamaException.BadRequest b -> "The AI service refused the request: " + b.serverMessage();
            case OllamaException.ModelFailed f -> "The model failed while answering (" + f.serverMessage()
                    + "). What it said so far is kept.";
            case OllamaException.Cancelled c -> "The answer was stopped.";
        };
    }

    /** The prompt with help passages before the user's message, when the message is a how-to question. */
    private List<ChatMessage> grounded(List<ChatMessage> prompt, String message) {
        String passages = help.grounding(message);
        if (passages == null) {
            return prompt;
        }
        var out = new java.util.ArrayList<>(prompt);
        out.add(out.size() - 1, ChatMessage.system("<data source=\"help-centre\">\n" + passages
                + "</data>\nWhen these passages answer the question, use them and cite the article links."));
        return out;
    }

    /** With the model unreachable: the help articles that best match the question, found without it. */
    private String offered(List<ChatMessage> prompt) {
        String question = prompt.getLast().content();
        List<HelpLookup.Article> articles = help.articles(question);
        if (articles.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" Meanwhile, these help articles may answer it:");
        articles.forEach(a -> text.append(' ').append(a.title()).append(" (").append(a.href()).append(");"));
        text.setLength(text.length() - 1);
        return text.append('.').toString();
    }

    private static ChatRequest request(String model, List<ChatMessage> prompt, Preset preset) {
        Map<String, Object> options = new HashMap<>();
        options.put("temperature", preset.temperature());
        if (preset.maxTokens() != null) {
            options.put("num_predict", preset.maxTokens());
        }
        return ChatRequest.of(model, prompt).withOptions(options);
    }

    private Preset preset(String requested, Conversation conversation) {
        String id = requested != null && !requested.isBlank() ? requested
                : conversation != null ? conversation.preset() : Presets.BUILT_IN.getFirst().id();
        return presets.find(id).orElseThrow(() -> new ChatRefused(400, "There is no preset \"" + id + "\".", 0));
    }

    private String lastUserMessage(Conversation conversation) {
        if (conversation == null) {
            throw new ChatRefused(400, "Regenerate needs a conversation_id.", 0);
        }
        List<StoredMessage> m = store.messages(conversation.id());
        int n = m.size();
        if (n >= 2 && m.get(n - 1).role().equals("assistant") && m.get(n - 2).role().equals("user")) {
            return m.get(n - 2).content();
        }
        throw new ChatRefused(400, "There is no answer to regenerate: the last message must be the assistant's.", 0);
    }

    private static String checked(String message, ChatSettings settings) {
        if (message == null || message.isBlank()) {
            throw new ChatRefused(400, "Write a message first.", 0);
        }
        if (message.length() > settings.maxMessageChars()) {
            throw new ChatRefused(400, "Your message has " + message.length() + " characters; the assistant takes at most "
                    + settings.maxMessageChars() + ". Shorten it or split it up.", 0);
        }
        return message.strip();
    }

    private static String title(String message) {
        String oneLine = message.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "…";
    }

    /** The conversation does not exist or is someone else's: the same answer for both. */
    public static final class ConversationNotFound extends RuntimeException {
        public ConversationNotFound() {
            super("There is no such conversation.", null, false, false);
        }
    }
}
