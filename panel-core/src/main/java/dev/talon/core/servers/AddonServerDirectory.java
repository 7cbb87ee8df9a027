package dev.talon.core.servers;

import dev.talon.api.servers.ServerDirectory;
import dev.talon.core.servers.files.FileProblem;
import dev.talon.core.servers.files.ServerFiles;
import dev.talon.core.servers.metrics.MetricsRepository;
import dev.talon.core.servers.node.LocalNode;
import dev.talon.core.servers.node.logs.LogChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The servers feature seen by add-ons ({@link ServerDirectory}): the stored servers with their
 * power state, offset reads of their logs, their raw metrics and
 * text files (with the file manager's confinement and limits). Thread-safe; read-only.
 */
final class AddonServerDirectory implements ServerDirectory {

    private final ServerRepository servers;
    private final MetricsRepository metrics;
    private final Supplier<LocalNode> node;

    AddonServerDirectory(ServerRepository servers, MetricsRepository metrics, Supplier<LocalNode> node) {
        this.servers = servers;
        this.metrics = metrics;
        this.node = node;
    }

    @Override
    public List<ServerInfo> list() {
        return servers.all().stream().map(this::info).toList();
    }

    @Override
    public Optional<ServerInfo> find(String uuidOrIdentifier) {
        Optional<GameServer> found = uuidOrIdentifier.length() == 36 ? parse(uuidOrIdentifier).flatMap(servers::findByUuid)
                : servers.findByIdentifier(uuidOrIdentifier);
        return found.map(this::info);
    }

    @Override
    public LogRead readLog(String serverUuid, long offset, int maxBytes) {
        Optional<UUID> uuid = parse(serverUuid);
        if (uuid.isEmpty() || servers.findByUuid(uuid.get()).isEmpty()) {
            return new LogRead(List.of(), 0, false);
        }
        try {
            LogChunk chunk = node.get().logs(uuid.get()).read(offset, maxBytes);
            return new LogRead(chunk.lines(), chunk.nextOffset(), chunk.restarted());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return new LogRead(List.of(), offset, false); // not registered on the node (not opened yet)
        }
    }

    @Override
    public List<MetricPoint> metrics(String serverUuid, Instant from) {
        return parse(serverUuid).flatMap(servers::findByUuid)
                .map(s -> metrics.raw(s.id(), from.toEpochMilli()).stream()
                        .map(p -> new MetricPoint(p.at(), p.cpu(), p.memoryBytes(), p.diskBytes())).toList())
                .orElse(List.of());
    }

    @Override
    public Optional<String> readTextFile(String serverUuid, String path) {
        Optional<UUID> uuid = parse(serverUuid);
        if (uuid.isEmpty() || servers.findByUuid(uuid.get()).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ServerFiles(node.get().serverDirectory(uuid.get())).readText(path));
        } catch (FileProblem p) {
            if (p.kind() == FileProblem.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw new IllegalArgumentException(p.getMessage(), p);
        }
    }

    private ServerInfo info(GameServer s) {
        String state = "offline";
        long free = -1;
        try {
            LocalNode n = node.get();
            state = n.state(s.uuid()).wireName();
            free = Files.getFileStore(n.logs(s.uuid()).directory().getParent()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            // not on the node yet: offline, free space unknown
        }
        return new ServerInfo(s.uuid().toString(), s.identifier(), s.name(), s.ownerId(), state, s.memoryMb() * 1024L * 1024L, free);
    }

    private static Optional<UUID> parse(String uuid) {
        try {
            return Optional.of(UUID.fromString(uuid));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
