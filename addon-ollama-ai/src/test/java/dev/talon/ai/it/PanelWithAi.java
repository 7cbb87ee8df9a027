package dev.talon.ai.it;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.ai.testing.AddonPanel;
import dev.talon.core.testing.TestPanel;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real panel (panel-core's {@link TestPanel}) running the built add-on jar, talking to a
 * {@link FakeOllama}. The jar path comes from failsafe ({@code talon.addon.jar}), so these tests
 * exercise exactly what ships.
 */
final class PanelWithAi implements AutoCloseable {

    static final String CHAT_MODEL = "llama3.1:8b";
    static final String PASSWORD = "client-password-1";
    private static final AtomicInteger USERS = new AtomicInteger();

    final FakeOllama ollama;
    final TestPanel panel;

    private PanelWithAi(FakeOllama ollama, TestPanel panel) {
        this.ollama = ollama;
        this.panel = panel;
    }

    static PanelWithAi start(Path root) {
        return start(root, null);
    }

    /** As {@link #start(Path)}, with an {@code ai.yml} for the add-on (e.g. other limits). */
    static PanelWithAi start(Path root, String aiYml) {
        FakeOllama ollama = FakeOllama.start().withModel(CHAT_MODEL);
        var running = AddonPanel.start(root, ollama, aiYml, Map.of("AI_CHAT_MODEL", CHAT_MODEL));
        return new PanelWithAi(ollama, running.panel);
    }

    /** A new client account: its id, e-mail and an API key. */
    record Client(long id, String email, String apiKey) {}

    Client newClient() {
        String email = "client" + USERS.incrementAndGet() + "@example.test";
        var user = panel.panel().users().create(email, "Client " + USERS.get(), PASSWORD, false);
        String key = panel.panel().apiKeys().create(user.id(), "tests", null).plainKey();
        return new Client(user.id(), email, key);
    }

    String baseUrl() {
        return panel.baseUrl();
    }

    @Override
    public void close() {
        panel.close();
        ollama.close();
    }
}
