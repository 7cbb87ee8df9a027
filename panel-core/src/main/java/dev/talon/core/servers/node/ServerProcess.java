package dev.talon.core.servers.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One run of a server's program: the child process, the single thread that reads its output
 * (stderr is merged into stdout, so one pipe and one reader serve any number of viewers) and
 * its stdin.
 *
 * <p>Lifecycle: created by {@link #start}, which starts the reader; the reader ends at end of
 * stream. Threading: {@link #sendLine} may be called from any thread (serialized on stdin).
 */
final class ServerProcess {

    /** Longer lines are cut into pieces of this many bytes, so a runaway line cannot exhaust memory. */
    static final int MAX_LINE_BYTES = 16 * 1024;

    private final Process process;
    private final Instant started;
    private final Thread reader;
    private final OutputStream stdin;

    private ServerProcess(Process process, Consumer<String> lines, Runnable idle) {
        this.process = process;
        this.started = process.info().startInstant().orElseGet(Instant::now);
        this.stdin = process.getOutputStream();
        this.reader = Thread.ofVirtual().name("console-reader-" + process.pid())
                .start(() -> read(process.getInputStream(), lines, idle));
    }

    /**
     * Starts the process and its reader.
     *
     * @param lines receives each output line, on the reader thread
     * @param idle called on the reader thread whenever the process has no more output ready (flush point)
     */
    static ServerProcess start(ProcessBuilder builder, Consumer<String> lines, Runnable idle) throws IOException {
        return new ServerProcess(builder.redirectErrorStream(true).start(), lines, idle);
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    Instant started() {
        return started;
    }

    /** Writes one line to stdin; throws when the process closed it or exited. */
    void sendLine(String line) throws IOException {
        synchronized (stdin) {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }
    }

    /** Waits (bounded) for the reader to deliver the last output after the process exited. */
    void awaitOutput(Duration timeout) throws InterruptedException {
        reader.join(timeout);
    }

    private static void read(InputStream in, Consumer<String> lines, Runnable idle) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        emit(line, lines);
                    } else {
                        line.write(b);
                        if (line.size() >= MAX_LINE_BYTES) {
                            emit(line, lines);
                        }
                    }
                }
                if (in.available() == 0) {
                    idle.run();
                }
            }
        } catch (IOException e) {
            // the pipe closed (process killed): whatever was read is delivered below
        }
        if (line.size() > 0) {
            emit(line, lines);
        }
        idle.run();
    }

    private static void emit(ByteArrayOutputStream line, Consumer<String> lines) {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        line.reset();
        lines.accept(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }
}
