package dev.talon.core.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} option every command takes (a picocli mixin). */
public final class DataOption {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data",
            description = "Data folder (database, server files). Default: ${DEFAULT-VALUE}")
    Path data;

    public Path data() {
        return data;
    }
}
