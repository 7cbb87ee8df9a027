package dev.talon.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the panel reads from its environment, validated once at start-up.
 *
 * @param dataDir the data folder (database, server folders); created on first start
 * @param addonsDir the run-time add-on folder ({@code addons/})
 * @param themesDir where themes are looked up first ({@code themes/}); the jar has copies too
 * @param port HTTP port for {@code serve}
 * @param dbUrl JDBC URL; {@code null} means the embedded H2 database in {@code dataDir}
 * @param dbUser database user, may be {@code null}
 * @param dbPassword database password, may be {@code null}
 * @param clustered whether Quartz runs clustered (several panel instances on one database)
 * @param developmentMode templates reload from {@code src/main/jte}; add-ons also load from target/
 * @param adminEmail e-mail of the first administrator
 * @param adminPassword its password, or {@code null} to generate one (printed once)
 * @param metricsToken bearer token that may read {@code /metrics} besides signed-in admins, or {@code null}
 * @param bcryptCost bcrypt work factor for new password hashes (4 to 16; default 12)
 * @param demoAutostart whether the demo server made on the first start is started at once ({@code PANEL_DEMO_AUTOSTART}, default true)
 * @param environment the environment this configuration was read from (add-ons read their overrides here)
 */
public record PanelConfig(
        Path dataDir,
        Path addonsDir,
        Path themesDir,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        boolean clustered,
        boolean developmentMode,
        String adminEmail,
        String adminPassword,
        String metricsToken,
        int bcryptCost,
        boolean demoAutostart,
        Map<String, String> environment) {

    public PanelConfig {
        environment = Map.copyOf(environment);
    }

    /** Reads {@code PANEL_*} variables; {@code dataDir} and {@code port} come from the command line. */
    public static PanelConfig from(Map<String, String> env, Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port", String.valueOf(port), "must be between 0 and 65535");
        }
        Path base = Path.of("").toAbsolutePath();
        return new PanelConfig(
                dataDir.toAbsolutePath().normalize(),
                Path.of(env.getOrDefault("PANEL_ADDONS_DIR", base.resolve("addons").toString())).toAbsolutePath(),
                Path.of(env.getOrDefault("PANEL_THEMES_DIR", base.resolve("themes").toString())).toAbsolutePath(),
                port,
                blankToNull(env.get("PANEL_DB_URL")),
                blankToNull(env.get("PANEL_DB_USER")),
                blankToNull(env.get("PANEL_DB_PASSWORD")),
                bool(env, "PANEL_CLUSTERED"),
                bool(env, "PANEL_DEV"),
                Optional.ofNullable(blankToNull(env.get("PANEL_ADMIN_EMAIL"))).orElse("admin@localhost"),
                blankToNull(env.get("PANEL_ADMIN_PASSWORD")),
                blankToNull(env.get("PANEL_METRICS_TOKEN")),
                intIn(env, "PANEL_BCRYPT_COST", 12, 4, 16),
                env.getOrDefault("PANEL_DEMO_AUTOSTART", "").isBlank() || bool(env, "PANEL_DEMO_AUTOSTART"),
                env);
    }

    private static boolean bool(Map<String, String> env, String key) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(key, value, "must be true or false");
        };
    }

    private static int intIn(Map<String, String> env, String key, int fallback, int min, int max) {
        String value = env.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ConfigException(key, value, "must be a whole number from " + min + " to " + max);
    }

    /** A copy with another data folder and port (tests, CLI). */
    public PanelConfig withPort(int newPort) {
        return new PanelConfig(dataDir, addonsDir, themesDir, newPort, dbUrl, dbUser, dbPassword, clustered, developmentMode,
                adminEmail, adminPassword, metricsToken, bcryptCost, demoAutostart, environment);
    }

    /** A copy with another add-on folder. */
    public PanelConfig withAddonsDir(Path dir) {
        return new PanelConfig(dataDir, dir, themesDir, port, dbUrl, dbUser, dbPassword, clustered, developmentMode,
                adminEmail, adminPassword, metricsToken, bcryptCost, demoAutostart, environment);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** A configuration value that can't be used; the message names the key and the value. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String key, String value, String problem) {
            super(key + "=" + value + ": " + problem);
        }
    }
}
