package dev.talon.ai.chat;

import dev.talon.ai.AiRuntime;
import dev.talon.ai.actions.AssistantTools;
import dev.talon.ai.actions.PendingAction;
import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaException;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import dev.talon.ai.ollama.api.Tool;
import dev.talon.ai.ollama.api.ToolCall;
import dev.talon.ai.presets.Preset;
import dev.talon.ai.usage.UsageLog;
import dev.talon.api.PanelUser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The answering half of an assistant turn, the Ollama tool-calling loop: whether the turn offers
 * tools at all (the conversation's budget of tool rounds, the model's capabilities), the rounds of
 * tool calls and results, the cards for actions that wait for the user, the caps that stop a
 * looping model, the plain-answer fallback when Ollama refuses tools, and the stored answer with
 * its usage record. {@link ChatService} keeps what comes before the model is asked (checks,
 * limits, history, prompt); the loop was split from it to keep each class about one thing.
 *
 * <p>Lifecycle: one per add-on start, wired in the composition root. Threading: holds no state of
 * its own between turns (the stored conversation is the state; {@link ToolSupport} caches
 * capabilities thread-safely); {@link #answer} blocks the calling (virtual) thread for the whole
 * answer, and many turns run at once.
 */
public final class ToolLoop {

    /** Tool rounds one turn may take before the model is stopped (a looping model). */
    public static final int MAX_TOOL_ROUNDS = 5;

    /**
     * Whether a turn offers tools.
     *
     * @param tools the catalogue offered, or null
     * @param withoutTools when tools are not offered, why, said under the answer; null otherwise
     */
    record Offer(List<Tool> tools, RoundBudget budget, String withoutTools) {}

    /** What the loop answers: the turn as {@link ChatService} prepared it. */
    record Question(PanelUser user, Conversation conversation, String model, Preset preset, List<ChatMessage> prompt,
                    PageContext.Block context, ChatLimits.Turn turn, ChatService.Sink sink) {}

    private final AiRuntime runtime;
    private final ChatStore store;
    private final UsageLog usage;
    private final HelpLookup help;
    private final AssistantTools tools;
    private final ToolSupport toolSupport;
    private final Supplier<Long> nanos = System::nanoTime;

    public ToolLoop(AiRuntime runtime, ChatStore store, UsageLog usage, HelpLookup help, AssistantTools tools,
                    ToolSupport toolSupport) {
        this.runtime = runtime;
        this.store = store;
        this.usage = usage;
        this.help = help;
        this.tools = tools;
        this.toolSupport = toolSupport;
    }

    /**
     * Decides whether this turn offers tools: not once the conversation used its {@code cap} of
     * tool rounds (counted from what is stored), not to a model Ollama says has no tools.
     */
    Offer offer(long conversationId, String model, int cap) {
        RoundBudget budget = new RoundBudget(cap, store.toolRounds(conversationId));
        String withoutTools = budget.spent() ? budget.spentNote() : !toolSupport.mayOffer(model) ? toolsHint(model) : null;
        return new Offer(withoutTools == null ? tools.catalogue() : null, budget, withoutTools);
    }

    /** The first round's stream (it sends on the first read). */
    OllamaStream<ChatResponse> open(String model, List<ChatMessage> prompt, Preset preset, Offer offer) {
        return runtime.client().streamChat(Feature.CHAT, request(model, prompt, preset, offer.tools()));
    }

    /** One streamed model answer: its text, tool calls and how it ended. */
    private record Round(String text, List<ToolCall> toolCalls, ChatResponse last, String status, OllamaException failure,
                         Integer ttft) {}

    /**
     * The loop: stream an answer; when it asks for tools, run the read tools and send their
     * results back, propose the state-changing ones and end the turn (they wait for the user),
     * until the model answers in words or a cap is reached ({@link #MAX_TOOL_ROUNDS} in a row,
     * the conversation's budget in all). Stores the answer (or the tool-call message the cards
     * hang on) and writes one usage record.
     *
     * @param first the first round's stream, opened by the caller with {@link #open}
     */
    ChatService.Outcome answer(Question q, Offer offer, OllamaStream<ChatResponse> first) {
        PanelUser user = q.user();
        Conversation conversation = q.conversation();
        String model = q.model();
        Preset preset = q.preset();
        List<ChatMessage> prompt = q.prompt();
        ChatLimits.Turn turn = q.turn();
        ChatService.Sink sink = q.sink();
        List<Tool> offered = offer.tools();
        RoundBudget budget = offer.budget();
        long start = nanos.get();
        Integer ttft = null;
        int tokensIn = 0;
        int tokensOut = 0;
        boolean counted = false;
        String hint = offer.withoutTools();
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
                    error = ChatService.friendly(e, model) + (e instanceof OllamaException.OllamaUnavailable ? offered(prompt) : "");
                    errorType = e.type();
                }
                String text = (loopStopped || capped ? "" : r.text()) + (hint == null ? "" : "\n\n_" + hint + "_");
                return finish(user, conversation, model, prompt, q.context(), start, ttft, counted ? tokensIn : null,
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
                return new ChatService.Outcome(conversation, calls, null, new ChatService.Usage(model, counted ? tokensIn : null,
                        counted ? tokensOut : null, ttft, durationMs), proposed);
            }
            next = reopen(model, prompt, preset, offered);
        }
    }

    /** A round's stream, or why it could not be opened. */
    private record Opened(OllamaStream<ChatResponse> stream, OllamaException failure) {}

    private Round consume(OllamaStream<ChatResponse> stream, ChatLimits.Turn turn, ChatService.Sink sink, long start) {
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

    private ChatService.Outcome finish(PanelUser user, Conversation conversation, String model, List<ChatMessage> prompt,
                           PageContext.Block context, long start, Integer ttft, Integer tokensIn, Integer tokensOut, String text,
                           String status, String error, String errorType, List<PendingAction> proposed) {
        long durationMs = (nanos.get() - start) / 1_000_000;
        StoredMessage answer = store.add(conversation.id(), new ChatStore.NewMessage("assistant", text, model,
                tokensIn, tokensOut, ttft, (int) Math.min(Integer.MAX_VALUE, durationMs), status, error,
                context == null ? null : context.label()));
        recordUsage(user, model, prompt, tokensIn, tokensOut, ttft, durationMs,
                switch (status) { case StoredMessage.COMPLETE -> "ok"; case StoredMessage.STOPPED -> "stopped"; default -> "error"; },
                errorType);
        return new ChatService.Outcome(conversation, answer, error, new ChatService.Usage(model, tokensIn, tokensOut, ttft, durationMs),
                proposed);
    }

    private void recordUsage(PanelUser user, String model, List<ChatMessage> prompt, Integer tokensIn, Integer tokensOut,
                             Integer ttft, long durationMs, String outcome, String errorType) {
        int promptChars = prompt.stream().mapToInt(m -> m.content() == null ? 0 : m.content().length()).sum();
        usage.record(new UsageLog.Call(user.id(), Feature.CHAT, "chat", model, promptChars),
                new UsageLog.Result(tokensIn, tokensOut, ttft, durationMs, outcome, errorType));
    }

    /** Said once under a plain answer when the model can't use tools. */
    static String toolsHint(String model) {
        return "Note: the model \"" + model + "\" does not support tools, so the assistant can't look at or act on your "
                + "servers. An administrator can choose a tool-capable model (for example llama3.1 or qwen2.5) as "
                + "\"Model for the assistant\" (ollama.models.chat) in AI Settings.";
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
}
