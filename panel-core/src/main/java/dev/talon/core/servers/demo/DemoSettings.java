package dev.talon.core.servers.demo;

import java.util.Map;

/**
 * How one run of the demo game server behaves. Read once at start from {@code --name value}
 * arguments, falling back to environment variables ({@code DEMO_SEED}, {@code DEMO_LOG_RATE},
 * {@code DEMO_CRASH_AFTER}, {@code DEMO_BOOT_MILLIS}, {@code DEMO_MEMORY_GROWTH_KB}), then defaults.
 *
 * @param seed drives every random choice, so two runs with one seed print the same story
 * @param logRatePerMinute ambient lines (joins, chat, warnings, exceptions) per minute
 * @param crashAfterSeconds seconds after "Done" to crash with a fatal report; 0 = never
 * @param bootMillis how long the boot sequence takes before "Done"
 * @param memoryGrowthKbPerMinute memory retained per minute (a slow "leak"), capped at half the heap
 */
record DemoSettings(long seed, int logRatePerMinute, int crashAfterSeconds, int bootMillis, int memoryGrowthKbPerMinute) {

    DemoSettings {
        if (logRatePerMinute < 1 || logRatePerMinute > 60_000) {
            throw new IllegalArgumentException("log rate must be 1..60000 lines/min, was " + logRatePerMinute);
        }
        if (crashAfterSeconds < 0) {
            throw new IllegalArgumentException("crash after must be >= 0 seconds, was " + crashAfterSeconds);
        }
        if (bootMillis < 0 || memoryGrowthKbPerMinute < 0) {
            throw new IllegalArgumentException("boot millis and memory growth must be >= 0");
        }
    }

    static DemoSettings from(String[] args, Map<String, String> env) {
        return new DemoSettings(
                Long.parseLong(option(args, env, "seed", "DEMO_SEED", "42")),
                Integer.parseInt(option(args, env, "log-rate", "DEMO_LOG_RATE", "30")),
                Integer.parseInt(option(args, env, "crash-after", "DEMO_CRASH_AFTER", "0")),
                Integer.parseInt(option(args, env, "boot-millis", "DEMO_BOOT_MILLIS", "2500")),
                Integer.parseInt(option(args, env, "memory-growth-kb", "DEMO_MEMORY_GROWTH_KB", "2048")));
    }

    private static String option(String[] args, Map<String, String> env, String name, String envName, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--" + name)) {
                return args[i + 1];
            }
        }
        String fromEnv = env.get(envName);
        return fromEnv == null || fromEnv.isBlank() ? fallback : fromEnv.trim();
    }
}
