package dev.talon.ai.testing;

import dev.talon.ai.ollama.fake.FakeOllama;
import dev.talon.core.testing.TestPanel;
import dev.talon.core.testing.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A real panel (TestPanel: H2, real migrations, real web server) with the built ollama-ai add-on
 * jar installed in its temporary {@code addons/ollama-ai/} folder, talking to a FakeOllama.
 *
 * <p>The jar is the one `package` builds (failsafe passes its path as {@code talon.addon.jar}), so
 * these tests load the add-on exactly as a deployment does: PF4J, the manifest, the extension
 * index and the shaded dependencies.
 */
public final class AddonPanel implements AutoCloseable {

    public final FakeOllama ollama;
    public final TestPanel panel;

    private AddonPanel(FakeOllama ollama, TestPanel panel) {
        this.ollama = ollama;
        this.panel = panel;
    }

    /** @param aiYml content of {@code addons/ollama-ai/config/ai.yml}, or {@code null} for none */
    public static AddonPanel start(Path root, FakeOllama ollama, String aiYml, Map<String, String> env) {
        Path folder = root.resolve("addons").resolve("ollama-ai");
        try {
            Files.createDirectories(folder.resolve("config"));
            Files.copy(addonJar(), folder.resolve("ollama-ai.jar"));
            if (aiYml != null) {
                Files.writeString(folder.resolve("config").resolve("ai.yml"), aiYml);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var withHost = new HashMap<>(env);
        withHost.putIfAbsent("OLLAMA_HOST", ollama.uri().toString());
        return new AddonPanel(ollama, TestPanel.start(root, withHost));
    }

    public static Path addonJar() {
        String path = System.getProperty("talon.addon.jar");
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw new IllegalStateException("The add-on jar is missing (" + path + "): run these tests with `./mvnw verify`, "
                    + "which builds it in `package` before failsafe runs the *IT classes.");
        }
        return Path.of(path);
    }

    public WebClient admin() {
        return panel.admin();
    }

    public long count(String sql) {
        return panel.panel().database().jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    /** Polls until {@code condition} holds (at most 10 s); returns the last value. */
    public static <T> T eventually(Supplier<T> value, Predicate<T> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T last = value.get();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + "; last seen:\n" + last);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }

    @Override
    public void close() {
        panel.close();
        ollama.close();
    }
}
