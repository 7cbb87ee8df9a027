package dev.talon.core.servers.node.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends console lines to {@code latest.log}, rotating by size. Lines are buffered and reach
 * the file on {@link #flush()}, which the process reader calls whenever the process has no more
 * output ready, so readers see lines within milliseconds without a write per line.
 *
 * <p>Threading: methods are synchronized; in practice one reader thread writes, and the node
 * writes its own lines between processes. Write failures (disk full) are logged once per
 * failure streak and never stop the console. The file is opened without following symbolic
 * links, so a server cannot redirect the panel's writes outside its folder.
 */
public final class LogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final LogFiles files;
    private final LogRotation rotation;
    private final ByteBuffer pending = ByteBuffer.allocate(64 * 1024);
    private SeekableByteChannel channel;
    private long size;
    private boolean failing;

    public LogWriter(LogFiles files, LogRotation rotation) {
        this.files = files;
        this.rotation = rotation;
    }

    public synchronized void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ensureOpen();
            if (size + pending.position() + bytes.length > rotation.maxBytes() && size + pending.position() > 0) {
                flushPending();
                rotate();
            }
            if (bytes.length > pending.remaining()) {
                flushPending();
            }
            if (bytes.length > pending.capacity()) {
                writeFully(ByteBuffer.wrap(bytes));
            } else {
                pending.put(bytes);
            }
            failing = false;
        } catch (IOException e) {
            fail(e);
        }
    }

    public synchronized void flush() {
        try {
            if (channel != null) {
                flushPending();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public synchronized void close() {
        flush();
        closeChannel();
    }

    private void ensureOpen() throws IOException {
        if (channel == null) {
            LogFiles.createDirectory(files.directory());
            channel = Files.newByteChannel(files.latest(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS));
            size = channel.size();
        }
    }

    private void flushPending() throws IOException {
        pending.flip();
        writeFully(pending);
        pending.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            size += channel.write(buffer);
        }
    }

    private void rotate() throws IOException {
        closeChannel();
        Files.deleteIfExists(files.rotated(rotation.keep()));
        for (int n = rotation.keep() - 1; n >= 0; n--) {
            Path from = files.rotated(n);
            if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, files.rotated(n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.deleteIfExists(files.latest()); // keep = 0: nothing is kept
        ensureOpen();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                fail(e);
            }
            channel = null;
        }
    }

    private void fail(IOException e) {
        pending.clear();
        closeChannel();
        if (!failing) {
            LOG.warn("cannot write console log {}: {}", files.latest(), e.toString());
            failing = true;
        }
    }
}
