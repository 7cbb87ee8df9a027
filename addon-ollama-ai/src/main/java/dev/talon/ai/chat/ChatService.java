package dev.talon.ai.chat;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.actions.ActionStore;
import dev.talon.ai.actions.AssistantTools;
import dev.talon.ai.actions.PendingAction;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.presets.Preset;
import dev.talon.ai.presets.Presets;
import dev.talon.api.PanelUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One assistant turn, from the user's message to the stored answer: checks the message and the
 * limits, picks the preset and its model, expires cards the user moved past, builds the prompt and
 * hands it to the {@link ToolLoop}, which streams the answer to a {@link Sink} and stores what came
 * back with its status. Whatever happens — the user stops, the browser goes away, the model fails
 * mid-answer, Ollama is down — the text received so far is kept, marked {@code stopped} or
 * {@code error}, and one usage record is written.
 *
 * <p>Lifecycle: one per add-on start. Threading: {@link #send} blocks the calling (virtual) thread
 * for the whole answer; {@link #stop} may be called from any other thread.
 */
public final class ChatService {

    /** Where the answer goes while it streams. */
    public interface Sink {
        /** The conversation is known (perhaps just created); before any token. */
        default void started(Conversation conversation) throws IOException {}

        /** A piece of the answer. Throwing means the reader went away: the answer stops. */
        void token(String text) throws IOException;

        /** The model proposed an action that now waits for the user's confirmation. */
        default void action(PendingAction action) throws IOException {}
    }

    /**
     * A turn's request.
     *
     * @param conversationId null for a new conversation
     * @param preset preset id, null for the conversation's (or the default)
     * @param useContext whether the user allowed page context
     * @param regenerate drop the last answer and answer the last user message again ({@code message} ignored)
     * @param resume continue after the user decided the proposed actions: the model reads their
     *     results and answers ({@code message} ignored)
     */
    public record Send(String message, Long conversationId, String serverUuid, String preset, String pagePath,
                       boolean useContext, boolean regenerate, boolean resume) {
        public Send(String message, Long conversationId, String serverUuid, String preset, String pagePath,
                    boolean useContext, boolean regenerate) {
            this(message, conversationId, serverUuid, preset, pagePath, useContext, regenerate, false);
        }
    }

    /** Usage figures of a turn. */
    public record Usage(String model, Integer promptTokens, Integer completionTokens, Integer ttftMs, long durationMs) {}

    /**
     * How a turn ended.
     *
     * @param answer the stored assistant message (complete, stopped or error)
     * @param error for people, when the status is error; null otherwise
     * @param actions actions proposed in this turn, waiting for the user
     */
    public record Outcome(Conversation conversation, StoredMessage answer, String error, Usage usage,
                          List<PendingAction> actions) {
        public Outcome {
            actions = List.copyOf(actions);
        }
    }

    private final AiRuntime runtime;
    private final ChatStore store;
    private final Presets presets;
    private final PageContext pageContext;
    private final ChatLimits limits;
    private final HelpLookup help;
    private final ActionStore actions;
    private final ToolLoop loop;

    /**
     * @param help grounds how-to questions in the help centre's passages
     * @param actions the conversations' action cards (expired by a new message)
     * @param loop asks the model, with tools, and stores its answer
     */
    public ChatService(AiRuntime runtime, ChatStore store, Presets presets, PageContext pageContext, java.time.Clock clock,
                       HelpLookup help, ActionStore actions, ToolLoop loop) {
        this.runtime = runtime;
        this.store = store;
        this.presets = presets;
        this.pageContext = pageContext;
        this.limits = new ChatLimits(clock);
        this.help = help;
        this.actions = actions;
        this.loop = loop;
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
        // Regenerating an answer that followed tool results answers those results again (a resume).
        boolean resume = send.resume() || send.regenerate() && answersToolResults(conversation);
        String message = send.resume() ? resumable(conversation) : resume ? conversation.title()
                : send.regenerate() ? lastUserMessage(conversation) : checked(send.message(), settings);
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
            } else if (!resume && send.conversationId() != null) {
                // The user moved on: cards still waiting can't be confirmed any more, and the model
                // reads (before the new message) that they were not done.
                actions.expirePending(conversation.id(), ChatService::expired).forEach(a ->
                        store.add(a.conversationId(), ChatStore.NewMessage.tool(a.tool(), a.result())));
            }
            List<StoredMessage> history = store.messages(conversation.id());
            if (send.regenerate() && !resume && !history.isEmpty()) {
                history = history.subList(0, history.size() - 1); // the user message being answered again
            }
            List<ChatMessage> prompt = new ArrayList<>(Prompt.build(preset, context, history, resume ? null : message,
                    settings.maxHistory(), settings.historyTokens()));
            ToolLoop.Offer offer = loop.offer(conversation.id(), model, settings.toolRoundsPerConversation());
            if (offer.tools() != null) {
                prompt.add(1, ChatMessage.system(AssistantTools.instructions()));
            }
            if (!resume) {
                prompt = new ArrayList<>(grounded(prompt, message));
            }
            OllamaStream<ChatResponse> stream;
            try {
                stream = loop.open(model, prompt, preset, offer);
            } catch (OllamaException.Overloaded e) {
                throw new ChatRefused(429, "The assistant is busy with other people's questions. Please try again in "
                        + e.retryAfterSeconds() + " seconds.", e.retryAfterSeconds());
            }
            try {
                if (!send.regenerate() && !resume) {
                    store.add(conversation.id(), ChatStore.NewMessage.user(message));
                }
                sink.started(conversation);
            } catch (IOException | RuntimeException e) {
                stream.close(); // frees the request slot; nothing was sent yet
                throw e;
            }
            return loop.answer(new ToolLoop.Question(user, conversation, model, preset, prompt, context, turn, sink), offer, stream);
        }
    }

    /** The tool result of an action whose card expired, for the model and the card. */
    private static String expired(PendingAction a) {
        return "Not done: the user sent a new message instead of confirming, so this action expired: " + a.summary() + ".";
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

    private Preset preset(String requested, Conversation conversation) {
        String id = requested != null && !requested.isBlank() ? requested
                : conversation != null ? conversation.preset() : Presets.BUILT_IN.getFirst().id();
        return presets.find(id).orElseThrow(() -> new ChatRefused(400, "There is no preset \"" + id + "\".", 0));
    }

    /**
     * For a resume: the conversation must end with tool results and have no action still waiting,
     * so the model hears about every decision. Returns the last user message (for the title only).
     */
    private String resumable(Conversation conversation) {
        if (conversation == null) {
            throw new ChatRefused(400, "Continuing needs a conversation_id.", 0);
        }
        List<StoredMessage> m = store.messages(conversation.id());
        if (m.isEmpty() || !m.getLast().role().equals("tool") || actions.anyPending(conversation.id())) {
            throw new ChatRefused(400, "There is nothing to continue: confirm or decline the proposed actions first.", 0);
        }
        return conversation.title();
    }

    /** Whether the conversation ends with an assistant answer given to tool results. */
    private boolean answersToolResults(Conversation conversation) {
        if (conversation == null) {
            return false;
        }
        List<StoredMessage> m = store.messages(conversation.id());
        int n = m.size();
        return n >= 2 && m.get(n - 1).role().equals("assistant") && m.get(n - 2).role().equals("tool");
    }

    private String lastUserMessage(Conversation conversation) {
        if (conversation == null) {
            throw new ChatRefused(400, "Regenerate needs a conversation_id.", 0);
        }
        List<StoredMessage> m = store.messages(conversation.id());
        int n = m.size();
        if (n >= 1 && m.get(n - 1).toolCalls() != null) {
            throw new ChatRefused(400, "This answer proposed actions: confirm or decline them instead.", 0);
        }
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
