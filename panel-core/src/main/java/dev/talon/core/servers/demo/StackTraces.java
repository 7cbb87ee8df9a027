package dev.talon.core.servers.demo;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Builds exceptions whose stack traces look like a Paper server's, and prints them the way
 * Log4j does ({@code at ... ~[paper-1.21.1.jar:?]}, {@code Caused by:}, {@code ... n more}).
 * The traces are synthetic (set with {@link Throwable#setStackTrace}) so they are the same on
 * every run and independent of the demo's own code.
 */
final class StackTraces {

    private static final String JAR = " ~[paper-1.21.1.jar:1.21.1-132-a2d5ef1]";

    private StackTraces() {}

    static <T extends Throwable> T withTrace(T error, String... frames) {
        StackTraceElement[] trace = new StackTraceElement[frames.length];
        for (int i = 0; i < frames.length; i++) {
            // frame format: "net.minecraft.server.level.ServerLevel.tick:812"
            String frame = frames[i];
            int colon = frame.lastIndexOf(':');
            String method = frame.substring(0, colon);
            int dot = method.lastIndexOf('.');
            String className = method.substring(0, dot);
            String simpleName = className.substring(className.lastIndexOf('.') + 1);
            int nested = simpleName.indexOf('$');
            String file = (nested < 0 ? simpleName : simpleName.substring(0, nested)) + ".java";
            trace[i] = new StackTraceElement(className, method.substring(dot + 1), file,
                    Integer.parseInt(frame.substring(colon + 1)));
        }
        error.setStackTrace(trace);
        return error;
    }

    static void print(Throwable error, PrintStream out) {
        print(error, out, null, new IdentityHashMap<>());
    }

    private static void print(Throwable error, PrintStream out, StackTraceElement[] enclosing, Map<Throwable, Boolean> seen) {
        if (seen.put(error, Boolean.TRUE) != null) {
            return;
        }
        out.println((enclosing == null ? "" : "Caused by: ") + error);
        StackTraceElement[] trace = error.getStackTrace();
        int common = 0;
        if (enclosing != null) {
            while (common < trace.length && common < enclosing.length
                    && trace[trace.length - 1 - common].equals(enclosing[enclosing.length - 1 - common])) {
                common++;
            }
        }
        for (int i = 0; i < trace.length - common; i++) {
            out.println("\tat " + trace[i] + (trace[i].getClassName().startsWith("java.") ? " ~[?:?]" : JAR));
        }
        if (common > 0) {
            out.println("\t... " + common + " more");
        }
        if (error.getCause() != null) {
            print(error.getCause(), out, trace, seen);
        }
    }
}
