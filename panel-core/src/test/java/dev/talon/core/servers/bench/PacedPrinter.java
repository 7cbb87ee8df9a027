package dev.talon.core.servers.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.LockSupport;

/**
 * The paced producer of {@link ConsoleFanoutBench}, run as a server process: prints the numbers
 * 1..rate×seconds, one a line, at {@code rate} lines a second in 10 ms ticks (each tick's lines are
 * flushed together, as a game server's logger does). Usage: {@code PacedPrinter <rate> <seconds>}.
 */
public final class PacedPrinter {

    private PacedPrinter() {}

    public static void main(String[] args) throws IOException {
        int rate = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        long total = (long) rate * seconds;
        long tickNanos = 10_000_000L;
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        long start = System.nanoTime();
        long printed = 0;
        for (long tick = 1; printed < total; tick++) {
            long due = Math.min(total, rate * tick / 100); // lines due by the end of this tick
            while (printed < due) {
                out.write(Long.toString(++printed));
                out.write('\n');
            }
            out.flush();
            long wake = start + tick * tickNanos;
            long wait = wake - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        out.flush();
    }
}
