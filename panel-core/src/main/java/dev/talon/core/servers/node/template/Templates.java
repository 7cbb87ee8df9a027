package dev.talon.core.servers.node.template;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The templates Talon ships with. Each call builds a fresh immutable record; there is no registry here. */
public final class Templates {

    private Templates() {}

    public static List<ServerTemplate> builtIn() {
        return List.of(generic(), javaJar(), demo());
    }

    /** Any program; admins set the command per server. Running as soon as it starts; stopped with ^C. */
    public static ServerTemplate generic() {
        return new ServerTemplate("generic", "Generic command", "Runs a command of your choice in the server folder.",
                "./start.sh", List.of(), Optional.empty(), StopCommand.parse("^C"));
    }

    /** A Minecraft/Paper style server jar. */
    public static ServerTemplate javaJar() {
        return new ServerTemplate("java-jar", "Java jar", "Runs a server jar (Minecraft, Paper, ...) with the system java.",
                "java -Xms128M -Xmx{{MEMORY}}M -jar {{SERVER_JAR}} nogui",
                List.of(TemplateVariable.of("SERVER_JAR", "Server jar file", "The jar in the server folder to run.",
                        "required|string|max:64|regex:/^[\\w.-]+\\.jar$/", "server.jar", true, true)),
                Optional.of(Pattern.compile("\\)! For help, type ")), StopCommand.parse("stop"));
    }

    /** Talon's own pretend game server, run with the panel's java from the panel's classes. */
    public static ServerTemplate demo() {
        return new ServerTemplate("demo", "Demo game server",
                "A pretend Minecraft server that boots, has players, logs warnings and exceptions and can crash.",
                "{{JAVA}} -Xms16M -Xmx{{MEMORY}}M -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp {{TALON_CLASSPATH}}"
                        + " dev.talon.core.servers.demo.DemoGameServer --seed {{DEMO_SEED}} --log-rate {{DEMO_LOG_RATE}}"
                        + " --crash-after {{DEMO_CRASH_AFTER}} --boot-millis {{DEMO_BOOT_MILLIS}}"
                        + " --memory-growth-kb {{DEMO_MEMORY_GROWTH_KB}}",
                List.of(
                        TemplateVariable.of("DEMO_SEED", "Seed", "Same seed, same story.",
                                "required|integer|between:0,9223372036854775807", "42", true, true),
                        TemplateVariable.of("DEMO_LOG_RATE", "Log rate", "Ambient console lines per minute.",
                                "required|integer|between:1,60000", "30", true, true),
                        TemplateVariable.of("DEMO_CRASH_AFTER", "Crash after", "Seconds after boot to crash; 0 = never.",
                                "required|integer|between:0,604800", "0", true, true),
                        TemplateVariable.of("DEMO_BOOT_MILLIS", "Boot time", "Milliseconds the boot sequence takes.",
                                "required|integer|between:0,600000", "2500", true, false),
                        // Slow by default (2 MiB a minute, stopping at half the heap); larger values force a
                        // leak the performance analysis can find.
                        TemplateVariable.of("DEMO_MEMORY_GROWTH_KB", "Memory growth",
                                "KiB of memory the server keeps per minute, a slow leak up to half its memory; 0 = none.",
                                "required|integer|between:0,1048576", "2048", true, true)),
                Optional.of(Pattern.compile("Done \\(\\d+\\.\\d+s\\)! For help, type \"help\"")), StopCommand.parse("stop"));
    }
}
