package dev.talon.core.servers.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pretend Minecraft/Paper server for demos and tests, run as its own process with the panel's
 * java binary: {@code java -cp <panel jar> dev.talon.core.servers.demo.DemoGameServer --seed 42}.
 * Plain JDK only. See {@link DemoSettings} for the options.
 *
 * <p>Threads: the main thread is the "Server thread" (boot, story beats, commands, crash); a
 * daemon thread reads stdin and hands each line over through a queue, so commands run on the
 * server thread like in the real game. Closing stdin does not stop the server (real servers keep
 * running too); only {@code stop}, a crash or a signal end it.
 */
public final class DemoGameServer {

    private DemoGameServer() {}

    public static void main(String[] args) throws InterruptedException {
        DemoSettings settings;
        try {
            settings = DemoSettings.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid demo server settings: " + e.getMessage());
            System.exit(2);
            return;
        }
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        Thread console = new Thread(() -> readConsole(commands), "Server console handler");
        console.setDaemon(true);
        console.start();
        DemoLog log = new DemoLog(System.out);
        int exitCode = new DemoServer(settings, log, Path.of("").toAbsolutePath(), new MemoryHog()).run(commands);
        System.exit(exitCode);
    }

    private static void readConsole(BlockingQueue<String> commands) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
            }
        } catch (IOException e) {
            // stdin gone: the server keeps running without a console, as a real one does
        }
    }

    /** Waits for a command until {@code deadlineNanos}; null when the time is up. */
    static String nextCommand(BlockingQueue<String> commands, long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        return wait <= 0 ? commands.poll() : commands.poll(wait, TimeUnit.NANOSECONDS);
    }
}
