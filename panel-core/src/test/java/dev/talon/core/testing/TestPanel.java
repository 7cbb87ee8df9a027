package dev.talon.core.testing;

import dev.talon.core.Panel;
import dev.talon.core.PanelConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real panel for tests: H2 in a temporary folder with the real migrations, add-ons from a
 * temporary {@code addons/} folder, the real web server on a free port. Close it after use.
 */
public final class TestPanel implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@localhost";
    public static final String ADMIN_PASSWORD = "admin-password-1";

    private final Panel panel;
    private final Path root;

    private TestPanel(Panel panel, Path root) {
        this.panel = panel;
        this.root = root;
    }

    /** Starts a panel whose data lives in {@code root/data} and add-ons in {@code root/addons}. */
    public static TestPanel start(Path root) {
        return start(root, Map.of());
    }

    public static TestPanel start(Path root, Map<String, String> extraEnv) {
        return new TestPanel(Panel.serve(config(root, extraEnv)), root);
    }

    public static PanelConfig config(Path root, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("PANEL_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("PANEL_BCRYPT_COST", "4");
        env.put("PANEL_DEMO_AUTOSTART", "false");
        env.put("PANEL_ADDONS_DIR", root.resolve("addons").toString());
        env.putAll(extraEnv);
        return PanelConfig.from(env, root.resolve("data"), 0);
    }

    public Panel panel() {
        return panel;
    }

    public Path root() {
        return root;
    }

    public String baseUrl() {
        return "http://localhost:" + panel.port();
    }

    /** A new browser-like client (own cookies) for this panel. */
    public WebClient client() {
        return new WebClient(baseUrl());
    }

    /** A client signed in as the administrator. */
    public WebClient admin() {
        WebClient client = client();
        client.login(ADMIN_EMAIL, ADMIN_PASSWORD);
        return client;
    }

    @Override
    public void close() {
        panel.close();
    }
}
