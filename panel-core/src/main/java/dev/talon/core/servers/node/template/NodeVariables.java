package dev.talon.core.servers.node.template;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Values the node supplies to every startup command, next to the template's own variables.
 * Templates may not define variables with these names.
 *
 * @param memoryMb the server's memory limit in MiB ({@code {{SERVER_MEMORY}}} and {@code {{MEMORY}}})
 * @param serverUuid {@code {{SERVER_UUID}}}
 * @param javaBinary the panel's own java ({@code {{JAVA}}}), used by the demo template
 * @param talonClasspath where the panel's classes are ({@code {{TALON_CLASSPATH}}})
 */
public record NodeVariables(int memoryMb, UUID serverUuid, Path javaBinary, String talonClasspath) {

    public static final Set<String> NAMES = Set.of("SERVER_MEMORY", "MEMORY", "SERVER_UUID", "JAVA", "TALON_CLASSPATH");

    public Map<String, String> asMap() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("SERVER_MEMORY", Integer.toString(memoryMb));
        values.put("MEMORY", Integer.toString(memoryMb));
        values.put("SERVER_UUID", serverUuid.toString());
        values.put("JAVA", javaBinary.toString());
        values.put("TALON_CLASSPATH", talonClasspath);
        return values;
    }
}
