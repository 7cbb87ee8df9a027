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
import dev.talon.ai.actions.ActionStore;
import dev.talon.ai.actions.AssistantTools;
import dev.talon.ai.actions.PendingAction;
import dev.talon.ai.ollama.api.Tool;
import dev.talon.ai.ollama.api.ToolCall;
import java.util.ArrayList;
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

    /** Tool rounds one turn may take before the model is stopped (a looping model). */
    public static final int MAX_TOOL_ROUNDS = 5;

    private final AiRuntime runtime;
    private final ChatStore store;
    private final Presets presets;
    private final UsageLog usage;
    private final PageContext pageContext;
    private final ChatLimits limits;
    private final Supplier<Long> nanos;
    private final HelpLookup help;
    private final AssistantTools tools;
    private final ActionStore actions;
    private final ToolSupport toolSupport;

    public ChatService(AiRuntime runtime, ChatStore store, Presets presets, UsageLog usage, PageContext pageContext,
                       java.time.Clock clock) {
        this(runtime, store, presets, usage, pageContext, clock, HelpLookup.NONE, null, null, null);
    }

    /** With the help centre: how-to questions are grounded in its passages; offline answers offer its articles. */
    public ChatService(AiRuntime runtime, ChatStore store, Presets presets, UsageLog usage, PageContext pageContext,
                       java.time.Clock clock, HelpLookup help) {
        this(runtime, store, presets, usage, pageContext, clock, help, null, null, null);
    }

    /**
     * With tools: the model may read panel data and propose actions (null tools: a plain
     * assistant); {@code toolSupport} says which models take them.
     */
    public ChatService(AiRuntime runtime, ChatStore store, Presets presets, UsageLog usage, PageContext pageContext,
                       java.time.Clock clock, HelpLookup help, AssistantTools tools, ActionStore actions,
                       ToolSupport toolSupport) {
        this.help = help;
        this.runtime = runtime;
        this.store = store;
        this.presets = presets;
        this.usage = usage;
        this.pageContext = pageContext;
        this.limits = new ChatLimits(clock);
        this.nanos = System::nanoTime;
        this.tools = tools;
        this.actions = actions;
        this.toolSupport = toolSupport;
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
            } else if (!resume && send.conversationId() != null && actions != null) {
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
            RoundBudget budget = new RoundBudget(settings.toolRoundsPerConversation(), store.toolRounds(conversation.id()));
            // Why this turn goes without tools, said under the answer; null when they are offered.
            String withoutTools = tools == null ? null : budget.spent() ? budget.spentNote()
                    : !toolSupport.mayOffer(model) ? toolsHint(model) : null;
            List<Tool> offered = tools == null || withoutTools != null ? null : tools.catalogue();
            if (offered != null) {
                prompt.add(1, ChatMessage.system(AssistantTools.instructions()));
            }
            if (!resume) {
                prompt = new ArrayList<>(grounded(prompt, message));
            }
            OllamaStream<ChatResponse> stream;
            try {
                stream = runtime.client().streamChat(Feature.CHAT, request(model, prompt, preset, offered));
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
            return answer(user, conversation, model, preset, prompt, offered, budget, withoutTools, context, stream, turn, sink);
        }
    }

    /**
     * The conversation's cap on tool rounds ({@code limits.tool_rounds_per_conversation}) and how
     * many it had used before this turn, as stored.
     */
    private record RoundBudget(int cap, int usedBefore) {
        boolean spent() {
            return usedBefore >= cap;
        }

        /** Whether a turn that already ran {@code rounds} tool rounds may run one more. */
        boolean allowsAnother(int rounds) {
            return usedBefore + rounds < cap;
        }

        String stoppedMessage() {
            return "The assistant stopped: this conversation reached its limit of " + cap + " tool rounds. "
                    + "Start a new conversation to let the assistant look at or act on your servers again.";
        }

        String spentNote() {
            return "Note: this conversation has used all " + cap + " of its tool rounds, so the assistant no longer looks at "
                    + "or acts on your servers here. Start a new conversation to use them again.";
        }
    }

    /** One streamed model answer: its text, tool calls and how it ended. */
    private record Round(String text, List<ToolCall> toolCalls, ChatResponse last, String status, OllamaException failure,
                         Integer ttft) {}

    /**
     * The tool loop: stream an answer; when it asks for tools, run the read tools and send their
     * results back, propose the state-changing ones and end the turn (they wait for the user),
     * until the model answers in words or {@link #MAX_TOOL_ROUNDS} is reached.
     */
    private Outcome answer(PanelUser user, Conversation conversation, String model, Preset preset, List<ChatMessage> prompt,
                           List<Tool> offered, RoundBudget budget, String withoutTools, PageContext.Block context,
                           OllamaStream<ChatResponse> first, ChatLimits.Turn turn, Sink sink) {
        long start = nanos.get();
        Integer ttft = null;
        int tokensIn = 0;
        int tokensOut = 0;
        boolean counted = false;
        String hint = withoutTools;
        List<PendingAction> proposed = new ArrayList<>();
        Opened next = new Opened(first, null);
        int round = 0;
        while (true) {
            Round r = next.stream() == null
                    ? new Round("", List.of(), null, StoredMessage.ERROR, next.failure(), null)
                    : consume(next.stream(), turn, sink, start);
            if (r != null && r.failure() instanceof OllamaException.BadRequest b && offered != null && r.text().isEmpty()
                    && b.serverMessage() != null && b.serverMessage().contains("does not support tools")) {
                offered = null; // the model has no tool support: answer in words, and say how to get actions
                hint = toolsHint(model);
                toolSupport.learnNoTools(model);
                next = reopen(model, prompt, preset, null);
                continue;
            }
            ttft = ttft == null ? r.ttft() : ttft;
            if (r.last() != null) {
                counted = true;
                tokensIn += r.last().promptEvalCount() == null ? 0 : r.last().promptEvalCount();
                tokensOut += r.last().evalCount() == null ? 0 : r.last().evalCount();
            }
            boolean capped = !r.toolCalls().isEmpty() && !budget.allowsAnother(round);
            round++;
            boolean loopStopped = !r.toolCalls().isEmpty() && round > MAX_TOOL_ROUNDS;
            if (r.failure() != null || !r.status().equals(StoredMessage.COMPLETE) || r.toolCalls().isEmpty() || loopStopped
                    || capped) {
                String status = loopStopped || capped ? StoredMessage.ERROR : r.status();
                String error = null;
                String errorType = null;
                if (capped) {
                    error = budget.stoppedMessage();
                    errorType = "tool_cap";
                } else if (loopStopped) {
                    error = "The assistant stopped: it asked for tools " + MAX_TOOL_ROUNDS + " times in a row without answering. "
                            + "Please ask again, more specifically.";
                    errorType = "tool_loop";
                } else if (r.failure() != null && status.equals(StoredMessage.ERROR)) {
                    OllamaException e = r.failure();
                    error = friendly(e, model) + (e instanceof OllamaException.OllamaUnavailable ? offered(prompt) : "");
                    errorType = e.type();
                }
                String text = (loopStopped || capped ? "" : r.text()) + (hint == null ? "" : "\n\n_" + hint + "_");
                return finish(user, conversation, model, prompt, context, start, ttft, counted ? tokensIn : null,
                        counted ? tokensOut : null, text, status, error, errorType, proposed);
            }
            StoredMessage calls = store.add(conversation.id(), new ChatStore.NewMessage("assistant", r.text(), model, null, null,
                    null, null, StoredMessage.COMPLETE, null, null, Prompt.writeCalls(r.toolCalls()), null));
            prompt.add(new ChatMessage("assistant", r.text(), null, null, r.toolCalls(), null));
            for (ToolCall call : r.toolCalls()) {
                switch (tools.call(user, conversation.id(), calls.id(), call)) {
                    case AssistantTools.Answered a -> {
                        store.add(conversation.id(), ChatStore.NewMessage.tool(a.tool(), a.content()));
                        prompt.add(ChatMessage.tool(a.tool(), a.content()));
                    }
                    case AssistantTools.Proposed p -> {
                        proposed.add(p.action());
                        try {
                            sink.action(p.action());
                        } catch (IOException gone) {
                            // the reader left; the card is stored and shows on the next load
                        }
                    }
                }
            }
            if (!proposed.isEmpty()) { // the turn waits for the user's decision
                long durationMs = (nanos.get() - start) / 1_000_000;
                recordUsage(user, model, prompt, counted ? tokensIn : null, counted ? tokensOut : null, ttft, durationMs, "ok", null);
                return new Outcome(conversation, calls, null, new Usage(model, counted ? tokensIn : null,
                        counted ? tokensOut : null, ttft, durationMs), proposed);
            }
            next = reopen(model, prompt, preset, offered);
        }
    }

    /** A round's stream, or why it could not be opened. */
    private record Opened(OllamaStream<ChatResponse> stream, OllamaException failure) {}

    private Round consume(OllamaStream<ChatResponse> stream, ChatLimits.Turn turn, Sink sink, long start) {
        turn.onStop(stream::cancel);
        Integer ttft = null;
        String status = StoredMessage.COMPLETE;
        OllamaException failure = null;
        ChatResponse last = null;
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (stream) {
            while (stream.hasNext()) {
                ChatResponse chunk = stream.next();
                if (chunk.done()) {
                    last = chunk;
                }
                if (chunk.message() != null && chunk.message().toolCalls() != null) {
                    calls.addAll(chunk.message().toolCalls());
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
            failure = e;
        }
        return new Round(text.toString(), List.copyOf(calls), last, status, failure, ttft);
    }

    /** The next round's stream (it sends on the first read). */
    private Opened reopen(String model, List<ChatMessage> prompt, Preset preset, List<Tool> offered) {
        try {
            return new Opened(runtime.client().streamChat(Feature.CHAT, request(model, prompt, preset, offered)), null);
        } catch (OllamaException e) {
            return new Opened(null, e);
        }
    }

    private Outcome finish(PanelUser user, Conversation conversation, String model, List<ChatMessage> prompt,
                           PageContext.Block context, long start, Integer ttft, Integer tokensIn, Integer tokensOut, String text,
                           String status, String error, String errorType, List<PendingAction> proposed) {
        long durationMs = (nanos.get() - start) / 1_000_000;
        StoredMessage answer = store.add(conversation.id(), new ChatStore.NewMessage("assistant", text, model,
                tokensIn, tokensOut, ttft, (int) Math.min(Integer.MAX_VALUE, durationMs), status, error,
                context == null ? null : context.label()));
        recordUsage(user, model, prompt, tokensIn, tokensOut, ttft, durationMs,
                switch (status) { case StoredMessage.COMPLETE -> "ok"; case StoredMessage.STOPPED -> "stopped"; default -> "error"; },
                errorType);
        return new Outcome(conversation, answer, error, new Usage(model, tokensIn, tokensOut, ttft, durationMs), proposed);
    }

    private void recordUsage(PanelUser user, String model, List<ChatMessage> prompt, Integer tokensIn, Integer tokensOut,
                             Integer ttft, long durationMs, String outcome, String errorType) {
        int promptChars = prompt.stream().mapToInt(m -> m.content() == null ? 0 : m.content().length()).sum();
        usage.record(new UsageLog.Call(user.id(), Feature.CHAT, "chat", model, promptChars),
                new UsageLog.Result(tokensIn, tokensOut, ttft, durationMs, outcome, errorType));
    }

    /** The tool result of an action whose card expired, for the model and the card. */
    private static String expired(PendingAction a) {
        return "Not done: the user sent a new message instead of confirming, so this action expired: " + a.summary() + ".";
    }

    /** Said once under a plain answer when the model can't use tools. */
    static String toolsHint(String model) {
        return "Note: the model \"" + model + "\" does not support tools, so the assistant can't look at or act on your "
                + "servers. An administrator can choose a tool-capable model (for example llama3.1 or qwen2.5) as "
                + "\"Model for the assistant\" (ollama.models.chat) in AI Settings.";
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

    private static ChatRequest request(String model, List<ChatMessage> prompt, Preset preset, List<Tool> tools) {
        Map<String, Object> options = new HashMap<>();
        options.put("temperature", preset.temperature());
        if (preset.maxTokens() != null) {
            options.put("num_predict", preset.maxTokens());
        }
        ChatRequest request = ChatRequest.of(model, prompt).withOptions(options);
        return tools == null ? request : request.withTools(tools);
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
        if (m.isEmpty() || !m.getLast().role().equals("tool") || actions == null || actions.anyPending(conversation.id())) {
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
