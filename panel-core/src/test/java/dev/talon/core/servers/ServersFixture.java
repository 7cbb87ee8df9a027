package dev.talon.core.servers;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.core.auth.User;
import dev.talon.core.servers.node.template.Templates;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Helpers for servers tests on a real {@link TestPanel}: users with API keys, fast demo servers
 * (short boot, busy log), Pterodactyl-style API calls and polling.
 */
public final class ServersFixture {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A user and a client API key of theirs. */
    public record Account(User user, String key) {}

    private final TestPanel panel;

    public ServersFixture(TestPanel panel) {
        this.panel = panel;
    }

    public Account account(String email) {
        User user = panel.panel().users().create(email, email.substring(0, email.indexOf('@')), "password-123456", false);
        return new Account(user, panel.panel().apiKeys().create(user.id(), "test", null).plainKey());
    }

    /** A demo server owned by {@code owner} that boots in 200 ms and logs a lot. */
    public GameServer demoServer(long owner, boolean autoRestart, Map<String, String> overrides) {
        Map<String, String> variables = new HashMap<>(Map.of("DEMO_SEED", "7", "DEMO_LOG_RATE", "600",
                "DEMO_BOOT_MILLIS", "200", "DEMO_CRASH_AFTER", "0"));
        variables.putAll(overrides);
        return service().create(new ServerRepository.NewServer("Test server", "", owner, "demo", Templates.demo().startup(),
                variables, 128, autoRestart), null, null);
    }

    public ServerService service() {
        return panel.panel().servers().service();
    }

    public WebClient.Page api(String key, String method, String path, String json) {
        return panel.client().send(method, path, json, Map.of("Authorization", "Bearer " + key, "Accept", "application/json"));
    }

    public JsonNode apiJson(String key, String path) {
        WebClient.Page page = api(key, "GET", path, null);
        if (page.status() != 200) {
            fail("GET " + path + " answered " + page.status() + ": " + page.body());
        }
        return read(page.body());
    }

    public static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        fail("timed out waiting for " + what);
    }
}
