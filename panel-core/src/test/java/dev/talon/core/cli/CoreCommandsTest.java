package dev.talon.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.Main;
import dev.talon.core.testing.TestPanel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core CLI commands, run in-process through {@link Main#run(Map, String...)} against a real data folder. */
class CoreCommandsTest {

    private record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    /** Runs a command, capturing what it prints (the commands print to System.out and System.err). */
    private static synchronized Run run(Map<String, String> env, String... args) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            Callable<Integer> call = () -> Main.run(env, args);
            int code = call.call();
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Map<String, String> env(Path dir) {
        var env = new HashMap<String, String>();
        env.put("PANEL_BCRYPT_COST", "4");
        env.put("PANEL_ADDONS_DIR", dir.resolve("addons").toString());
        return env;
    }

    @Test
    void migrate_then_user_create_then_apikey_create_prints_a_working_key_alone_on_the_last_line(@TempDir Path dir) throws Exception {
        String data = dir.resolve("data").toString();
        Run migrate = run(env(dir), "migrate", "--data", data);
        assertEquals(0, migrate.code(), migrate.err());
        assertTrue(migrate.out().contains("up to date"), migrate.out());
        assertTrue(Files.exists(dir.resolve("data").resolve("talon.mv.db")), "H2 database created in the data folder");

        Run created = run(env(dir), "user:create", "--data", data, "--email", "Ops@Example.com", "--password", "long-enough-1", "--admin");
        assertEquals(0, created.code(), created.err());
        assertTrue(created.out().contains("administrator ops@example.com"), created.out());

        Run duplicate = run(env(dir), "user:create", "--data", data, "--email", "ops@example.com", "--password", "long-enough-1");
        assertEquals(2, duplicate.code());
        assertTrue(duplicate.err().contains("email"), duplicate.err());

        Run weak = run(env(dir), "user:create", "--data", data, "--email", "weak@example.com", "--password", "short");
        assertEquals(2, weak.code());
        assertTrue(weak.err().contains("at least 8 characters"), weak.err());

        Run key = run(env(dir), "apikey:create", "--data", data, "--user", "ops@example.com", "--name", "deploy");
        assertEquals(0, key.code(), key.err());
        String plain = key.lastLine();
        assertTrue(plain.matches("tln_[A-Za-z0-9]+_[A-Za-z0-9_-]{43}"), plain);

        Run unknown = run(env(dir), "apikey:create", "--data", data, "--user", "nobody@example.com");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("No user"), unknown.err());

        // The key works against the panel serving the same data folder.
        var panelEnv = new HashMap<>(env(dir));
        panelEnv.put("PANEL_ADMIN_PASSWORD", TestPanel.ADMIN_PASSWORD);
        try (var panel = TestPanel.start(dir, panelEnv)) {
            var account = panel.client().get("/api/client/account", Map.of("Authorization", "Bearer " + plain));
            assertEquals(200, account.status(), account.body());
            assertTrue(account.body().contains("\"email\":\"ops@example.com\""), account.body());

            // While serve runs on this folder, another CLI command still works (H2 auto-server).
            Run whileServing = run(env(dir), "user:create", "--data", data, "--email", "late@example.com", "--password", "long-enough-2");
            assertEquals(0, whileServing.code(), whileServing.err());
            assertTrue(panel.panel().users().findByEmail("late@example.com").isPresent());
        }
    }

    @Test
    void every_command_has_help_and_unknown_options_are_refused_plainly(@TempDir Path dir) throws Exception {
        for (String command : new String[] {"serve", "migrate", "user:create", "apikey:create", "addon:list"}) {
            Run help = run(env(dir), command, "--help");
            assertEquals(0, help.code(), command);
            assertTrue(help.out().contains("--data"), command + " lists --data:\n" + help.out());
        }
        Run top = run(env(dir), "--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("apikey:create"), top.out());

        Run bad = run(env(dir), "migrate", "--data", dir.resolve("data").toString(), "--bogus");
        assertTrue(bad.code() != 0);
        assertTrue(bad.err().contains("--bogus"), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }

    @Test
    void addon_list_says_when_there_are_none_and_a_bad_database_url_is_one_clear_line(@TempDir Path dir) throws Exception {
        Run list = run(env(dir), "addon:list", "--data", dir.resolve("data").toString());
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("No add-ons in"), list.out());

        var badEnv = new HashMap<>(env(dir));
        badEnv.put("PANEL_DB_URL", "jdbc:sqlite:/tmp/x.db");
        Run bad = run(badEnv, "migrate", "--data", dir.resolve("data").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("Error: PANEL_DB_URL must be"), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
    }
}
