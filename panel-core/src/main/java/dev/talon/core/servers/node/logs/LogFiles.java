package dev.talon.core.servers.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The log files of one server in {@code <server dir>/logs/}: {@code latest.log} and its
 * rotations {@code latest.1.log} (newest) … {@code latest.N.log}. Reading is safe from any
 * thread while {@link LogWriter} appends; reads never follow symbolic links.
 */
public final class LogFiles {

    static final String LATEST = "latest.log";

    private final Path directory;

    public LogFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path latest() {
        return directory.resolve(LATEST);
    }

    /** {@code latest.<n>.log}; n = 0 is {@code latest.log}. */
    public Path rotated(int n) {
        return n == 0 ? latest() : directory.resolve("latest." + n + ".log");
    }

    /**
     * Reads complete lines of {@code latest.log} from byte {@code offset}, at most about
     * {@code maxBytes} (at least one line is returned even if it is longer).
     */
    public LogChunk read(long offset, int maxBytes) throws IOException {
        if (offset < 0 || maxBytes < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and maxBytes >= 1");
        }
        try (FileChannel channel = open(latest())) {
            long size = channel.size();
            boolean restarted = offset > size;
            long from = restarted ? 0 : offset;
            int want = (int) Math.min(size - from, maxBytes);
            ByteBuffer buffer = ByteBuffer.allocate(want);
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
                // read until full
            }
            byte[] bytes = buffer.array();
            int end = lastNewline(bytes, buffer.position());
            if (end < 0 && want == maxBytes && size - from > maxBytes) {
                return readOverlongLine(channel, from, restarted);
            }
            List<String> lines = end < 0 ? List.of() : splitLines(bytes, end + 1);
            return new LogChunk(lines, from + end + 1, restarted);
        } catch (NoSuchFileException e) {
            return new LogChunk(List.of(), 0, offset > 0);
        }
    }

    /** The last {@code count} lines, reaching into {@code latest.1.log} when latest.log has fewer. */
    public List<String> tail(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int n = 0; n <= 1 && lines.size() < count; n++) {
            List<String> older = tailOf(rotated(n), count - lines.size());
            lines.addAll(0, older);
        }
        return lines;
    }

    private static List<String> tailOf(Path file, int count) throws IOException {
        if (count <= 0) {
            return List.of();
        }
        try (FileChannel channel = open(file)) {
            long end = channel.size();
            long scanEnd = end > 0 && byteAt(channel, end - 1) == '\n' ? end - 1 : end;
            long start = 0;
            int found = 0;
            long position = scanEnd;
            // walk backwards block by block until `count` line breaks are behind us
            search:
            while (position > 0) {
                int length = (int) Math.min(64 * 1024, position);
                position -= length;
                ByteBuffer buffer = ByteBuffer.allocate(length);
                channel.read(buffer, position);
                byte[] bytes = buffer.array();
                for (int i = length - 1; i >= 0; i--) {
                    if (bytes[i] == '\n' && ++found == count) {
                        start = position + i + 1;
                        break search;
                    }
                }
            }
            ByteBuffer all = ByteBuffer.allocate((int) (end - start));
            while (all.hasRemaining() && channel.read(all, start + all.position()) > 0) {
                // read until full
            }
            return splitLines(all.array(), all.position());
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    private static LogChunk readOverlongLine(FileChannel channel, long from, boolean restarted) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long position = from;
        var line = new java.io.ByteArrayOutputStream();
        while (channel.read(buffer.clear(), position) > 0) {
            byte[] bytes = buffer.array();
            int newline = -1;
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline >= 0) {
                line.write(bytes, 0, newline);
                return new LogChunk(List.of(decode(line.toByteArray(), line.size())), position + newline + 1, restarted);
            }
            line.write(bytes, 0, buffer.position());
            position += buffer.position();
        }
        return new LogChunk(List.of(), from, restarted); // the line is not finished yet
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        return one.get(0);
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private static int lastNewline(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitLines(byte[] bytes, int length) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lines.add(decode(java.util.Arrays.copyOfRange(bytes, start, i), i - start));
                start = i + 1;
            }
        }
        if (start < length) {
            lines.add(decode(java.util.Arrays.copyOfRange(bytes, start, length), length - start));
        }
        return Collections.unmodifiableList(lines);
    }

    private static String decode(byte[] bytes, int length) {
        int end = length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** Creates the folder as a real directory; a symbolic link in its place is removed (never followed). */
    static void createDirectory(Path directory) throws IOException {
        if (Files.isSymbolicLink(directory)) {
            Files.delete(directory);
        }
        Files.createDirectories(directory);
    }
}
