package dev.talon.core.servers.demo;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Prints lines in Paper's format, {@code [HH:mm:ss] [Server thread/INFO]: message}, to stdout.
 * Thread-safe: every method holds the lock for the whole entry, so a stack trace is never
 * interleaved with another thread's line.
 */
final class DemoLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    DemoLog(PrintStream out) {
        this.out = out;
    }

    synchronized void info(String thread, String message) {
        line(thread, "INFO", message);
    }

    synchronized void warn(String thread, String message) {
        line(thread, "WARN", message);
    }

    synchronized void error(String thread, String message) {
        line(thread, "ERROR", message);
    }

    synchronized void error(String thread, String message, Throwable error) {
        line(thread, "ERROR", message);
        StackTraces.print(error, out);
        out.flush();
    }

    private void line(String thread, String level, String message) {
        out.println("[" + LocalTime.now().format(TIME) + "] [" + thread + "/" + level + "]: " + message);
        out.flush();
    }
}
