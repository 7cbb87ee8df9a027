package dev.talon.core.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test class on one vendor, dropped afterwards. PostgreSQL and
 * MariaDB are expected on 127.0.0.1 (user postgres with trust, root without password); when one
 * isn't reachable the test is skipped with a message saying so, unless
 * {@code TALON_REQUIRE_DATABASES=true} (CI), which turns the skip into a failure.
 */
public record ScratchDatabase(Vendor vendor, String url, String user, String name) implements AutoCloseable {

    /** The databases the panel supports. */
    public enum Vendor {
        H2("H2", "embedded"),
        POSTGRESQL("PostgreSQL", "127.0.0.1:5432"),
        MARIADB("MariaDB", "127.0.0.1:3306");

        final String label;
        final String address;

        Vendor(String label, String address) {
            this.label = label;
            this.address = address;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public static ScratchDatabase create(Vendor vendor) {
        String name = "talon_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return switch (vendor) {
            case H2 -> {
                try {
                    Path dir = Files.createTempDirectory(name);
                    yield new ScratchDatabase(vendor, Database.h2Url(dir), null, dir.toString());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case POSTGRESQL -> {
                admin(vendor, "CREATE DATABASE " + name);
                yield new ScratchDatabase(vendor, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", name);
            }
            case MARIADB -> {
                admin(vendor, "CREATE DATABASE " + name);
                yield new ScratchDatabase(vendor, "jdbc:mariadb://127.0.0.1:3306/" + name, "root", name);
            }
        };
    }

    /** Runs one statement on the server's maintenance database; skips (or fails, when required) if the server is down. */
    private static void admin(Vendor vendor, String sql) {
        String url = switch (vendor) {
            case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=3";
            case MARIADB -> "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=3000";
            case H2 -> throw new IllegalArgumentException("H2 needs no server");
        };
        String user = vendor == Vendor.POSTGRESQL ? "postgres" : "root";
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            unreachable(vendor, e);
            return;
        }
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(vendor + ": " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private static void unreachable(Vendor vendor, SQLException cause) {
        String message = vendor.label + " not reachable at " + vendor.address + " — skipped";
        if ("true".equalsIgnoreCase(System.getenv("TALON_REQUIRE_DATABASES"))) {
            Assertions.fail(vendor.label + " not reachable at " + vendor.address
                    + " and TALON_REQUIRE_DATABASES=true: " + cause.getMessage(), cause);
        }
        System.out.println("[talon] " + message + " (" + cause.getMessage() + ")");
        Assumptions.abort(message);
    }

    @Override
    public void close() {
        switch (vendor) {
            case H2 -> deleteTree(Path.of(name));
            case POSTGRESQL -> admin(vendor, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            case MARIADB -> admin(vendor, "DROP DATABASE IF EXISTS " + name);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
