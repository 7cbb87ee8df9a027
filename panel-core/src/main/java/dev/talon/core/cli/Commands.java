package dev.talon.core.cli;

import dev.talon.core.Main;
import dev.talon.core.Panel;
import dev.talon.core.PanelConfig;
import dev.talon.core.addons.AddonStatus;
import dev.talon.core.auth.User;
import dev.talon.core.auth.Users;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The core's CLI commands. Each opens the panel for its data folder and closes it when done. */
public final class Commands {

    private Commands() {}

    static PanelConfig config(Main main, DataOption data, int port) {
        return PanelConfig.from(main.environment(), data.data(), port);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Runs the panel (web server, scheduler, add-ons).")
    public static final class Serve implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin DataOption data;

        @Option(names = "--port", defaultValue = "8080", description = "HTTP port. Default: ${DEFAULT-VALUE}")
        int port;

        /**
         * Serves until SIGTERM or SIGINT, then closes the panel on this thread and returns 0.
         *
         * <p>The signals are handled here instead of in a shutdown hook because the embedded H2
         * registers a shutdown hook of its own that closes the database, and hooks run concurrently:
         * a hook-driven shutdown would lose its last writes (stopping servers, Quartz, activity). H2
         * refuses {@code DB_CLOSE_ON_EXIT=FALSE} together with the {@code AUTO_SERVER} the CLI needs.
         * The shutdown hook stays for any other exit; closing twice is harmless.
         */
        @Override
        public Integer call() throws InterruptedException {
            Panel panel = Panel.serve(config(main, data, port));
            var stopRequested = new CountDownLatch(1);
            for (String name : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopRequested.countDown());
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopRequested.countDown();
                closeOnce(panel);
            }, "talon-shutdown"));
            stopRequested.await();
            closeOnce(panel);
            return 0;
        }

        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private void closeOnce(Panel panel) {
            if (closed.compareAndSet(false, true)) {
                panel.close();
            }
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Runs the core database migrations and exits.")
    public static final class Migrate implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin DataOption data;

        @Override
        public Integer call() {
            try (Panel panel = Panel.open(config(main, data, 0))) {
                System.out.println("Database is up to date (" + panel.database().kind() + ").");
            }
            return 0;
        }
    }

    @Command(name = "user:create", mixinStandardHelpOptions = true, description = "Creates a user.")
    public static final class UserCreate implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin DataOption data;

        @Option(names = "--email", required = true, description = "E-mail (the sign-in name)")
        String email;

        @Option(names = "--password", required = true, description = "Password (at least 8 characters)")
        String password;

        @Option(names = "--name", description = "Display name")
        String name;

        @Option(names = "--admin", description = "Make the user a root administrator")
        boolean admin;

        @Override
        public Integer call() {
            try (Panel panel = Panel.open(config(main, data, 0))) {
                User user = panel.users().create(email, name, password, admin);
                panel.activity().record(dev.talon.api.ActivityLog.Activity.system("cli.user.created", "user:" + user.id(),
                        Map.of("email", user.email(), "root_admin", admin)));
                System.out.println("Created " + (admin ? "administrator " : "user ") + user.email() + " (id " + user.id() + ").");
                return 0;
            } catch (Users.UserException e) {
                System.err.println("Not created: " + e.field() + ": " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "apikey:create", mixinStandardHelpOptions = true,
            description = "Creates an API key for a user and prints it (alone, on the last line).")
    public static final class ApiKeyCreate implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin DataOption data;

        @Option(names = "--user", required = true, paramLabel = "EMAIL", description = "The user's e-mail")
        String email;

        @Option(names = "--name", defaultValue = "CLI key", description = "A name for the key. Default: ${DEFAULT-VALUE}")
        String name;

        @Override
        public Integer call() {
            try (Panel panel = Panel.open(config(main, data, 0))) {
                var user = panel.users().findByEmail(email);
                if (user.isEmpty()) {
                    System.err.println("No user with the e-mail " + email + ".");
                    return 2;
                }
                var created = panel.apiKeys().create(user.get().id(), name, null);
                panel.activity().record(dev.talon.api.ActivityLog.Activity.system("cli.api-key.created",
                        "api-key:" + created.key().prefix(), Map.of("user", user.get().email())));
                System.out.println("API key for " + user.get().email() + " (shown only now; use as \"Authorization: Bearer <key>\"):");
                System.out.println(created.plainKey());
                return 0;
            }
        }
    }

    @Command(name = "addon:list", mixinStandardHelpOptions = true, description = "Lists installed add-ons and their state.")
    public static final class AddonList implements Callable<Integer> {
        @ParentCommand Main main;
        @Mixin DataOption data;

        @Override
        public Integer call() {
            try (Panel panel = Panel.open(config(main, data, 0))) {
                var manager = panel.startAddons(java.util.Set::of);
                var list = manager.list();
                if (list.isEmpty()) {
                    System.out.println("No add-ons in " + panel.config().addonsDir());
                }
                System.out.printf("%-20s %-12s %-10s %s%n", "ID", "VERSION", "STATE", "PROVIDER / FAILURE");
                for (AddonStatus a : list) {
                    System.out.printf("%-20s %-12s %-10s %s%n", a.id(), a.version(), a.state(),
                            a.failure() != null ? a.failure() : a.provider());
                }
                return 0;
            }
        }
    }
}
