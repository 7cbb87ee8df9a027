package dev.talon.core.servers.node;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's record of which process runs each server: {@code <dataDir>/node/processes/<uuid>.pid}
 * with the PID, the process start time and its command. It lets a new node find and kill
 * processes a previous panel run left behind.
 *
 * <p>Why not in the server folder: that folder is writable by the server process and by users
 * through the file manager; a forged record there would make the panel kill any process.
 * Why the start time: PIDs are reused; a process with the recorded PID but another start time
 * or command is someone else's and is left alone.
 */
final class ProcessRecords {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRecords.class);
    /** /proc start times have 10 ms resolution; a reused PID starts much later than this. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(1);

    record Entry(UUID server, long pid, Instant started, String command) {}

    private final Path directory;

    ProcessRecords(Path directory) {
        this.directory = directory;
    }

    void save(UUID server, ProcessHandle process) throws IOException {
        Files.createDirectories(directory);
        Properties properties = new Properties();
        properties.setProperty("pid", Long.toString(process.pid()));
        process.info().startInstant().ifPresent(at -> properties.setProperty("started", at.toString()));
        process.info().command().ifPresent(command -> properties.setProperty("command", command));
        Path temporary = directory.resolve(server + ".pid.tmp");
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            properties.store(out, "process of server " + server + "; written by the Talon node");
        }
        Files.move(temporary, file(server), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void delete(UUID server) {
        try {
            Files.deleteIfExists(file(server));
        } catch (IOException e) {
            LOG.warn("cannot delete process record of server {}: {}", server, e.toString());
        }
    }

    List<Entry> all() {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pid")) {
            for (Path file : files) {
                read(file).ifPresentOrElse(entries::add, () -> LOG.warn("ignoring unreadable process record {}", file));
            }
        } catch (IOException e) {
            LOG.warn("cannot list process records in {}: {}", directory, e.toString());
        }
        return entries;
    }

    /** The live process an entry describes, if it is still the same process. */
    static Optional<ProcessHandle> liveProcess(Entry entry) {
        return ProcessHandle.of(entry.pid()).filter(ProcessHandle::isAlive).filter(handle -> {
            Optional<Instant> started = handle.info().startInstant();
            boolean sameStart = entry.started() != null && started.isPresent()
                    && Duration.between(entry.started(), started.get()).abs().compareTo(START_TOLERANCE) <= 0;
            boolean sameCommand = entry.command() == null || handle.info().command().map(entry.command()::equals).orElse(true);
            return sameStart && sameCommand;
        });
    }

    private Path file(UUID server) {
        return directory.resolve(server + ".pid");
    }

    private static Optional<Entry> read(Path file) {
        String name = file.getFileName().toString();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties properties = new Properties();
            properties.load(in);
            String started = properties.getProperty("started");
            return Optional.of(new Entry(UUID.fromString(name.substring(0, name.length() - ".pid".length())),
                    Long.parseLong(properties.getProperty("pid", "-1")),
                    started == null ? null : Instant.parse(started), properties.getProperty("command")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
