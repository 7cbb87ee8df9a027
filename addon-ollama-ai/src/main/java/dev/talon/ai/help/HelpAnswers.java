package dev.talon.ai.help;

import dev.talon.ai.ollama.Feature;
import dev.talon.ai.ollama.OllamaClient;
import dev.talon.ai.ollama.OllamaStream;
import dev.talon.ai.ollama.api.ChatMessage;
import dev.talon.ai.ollama.api.ChatRequest;
import dev.talon.ai.ollama.api.ChatResponse;
import java.util.List;
import java.util.Map;

/**
 * Grounded answers: the question plus the best passages, numbered, so the model can cite them as
 * {@code [1]}, {@code [2]}. The sources list goes to the reader with links regardless of what the
 * model writes.
 */
public final class HelpAnswers {

    static final String SYSTEM = """
            You answer questions about Talon, a game-server hosting panel, using only the numbered help \
            passages given. Cite the passages you use as [1], [2] after the sentence. If the passages do \
            not answer the question, say so and suggest the closest article. Be brief and practical.""";

    private HelpAnswers() {}

    /** The passages an answer is grounded in: the best {@code n}. */
    public static List<Chunk> sources(HelpCentre.Search search, int n) {
        return search.passages().stream().limit(n).toList();
    }

    /** The prompt for {@code question} grounded in {@code sources}. */
    public static List<ChatMessage> prompt(String question, List<Chunk> sources) {
        return List.of(ChatMessage.system(SYSTEM), ChatMessage.user(context(sources) + "\nQuestion: " + question));
    }

    /** The numbered passages as the model sees them (also used by the assistant for how-to questions). */
    public static String context(List<Chunk> sources) {
        StringBuilder text = new StringBuilder("Help passages:\n");
        for (int i = 0; i < sources.size(); i++) {
            Chunk c = sources.get(i);
            text.append('[').append(i + 1).append("] ").append(c.document().title()).append(" — ").append(c.heading())
                    .append(" (").append(c.href()).append(")\n").append(c.text()).append("\n\n");
        }
        return text.toString();
    }

    public static OllamaStream<ChatResponse> stream(OllamaClient client, String model, String question, List<Chunk> sources) {
        return client.streamChat(Feature.HELP, ChatRequest.of(model, prompt(question, sources))
                .withOptions(Map.of("temperature", 0.2)));
    }
}
