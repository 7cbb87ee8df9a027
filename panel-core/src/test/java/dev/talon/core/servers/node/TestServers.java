package dev.talon.core.servers.node;

import dev.talon.core.servers.node.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Node settings and demo servers tuned for fast tests: the test JVM's java, a short boot, a busy log. */
final class TestServers {

    private TestServers() {}

    static NodeConfig config(Path dataDir) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        NodeConfig defaults = NodeConfig.defaults(dataDir);
        return new NodeConfig(dataDir, Path.of(java), System.getProperty("java.class.path"), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(60), true, defaults.consoleLines(), defaults.subscriberQueue(),
                defaults.maxCommandLength(), defaults.logRotation(), Duration.ZERO, Duration.ZERO, defaults.clock());
    }

    static ServerSpec demo(Map<String, String> overrides) {
        Map<String, String> variables = new java.util.HashMap<>(Map.of(
                "DEMO_SEED", "1", "DEMO_LOG_RATE", "1200", "DEMO_BOOT_MILLIS", "200", "DEMO_CRASH_AFTER", "0"));
        variables.putAll(overrides);
        return ServerSpec.of(UUID.randomUUID(), Templates.demo(), variables).withMemoryMb(128);
    }
}
