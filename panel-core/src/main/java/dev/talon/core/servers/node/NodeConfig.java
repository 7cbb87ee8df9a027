package dev.talon.core.servers.node;

import dev.talon.core.servers.demo.DemoGameServer;
import dev.talon.core.servers.node.console.ConsoleHub;
import dev.talon.core.servers.node.logs.LogRotation;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the local node, fixed for its lifetime.
 *
 * @param dataDir the panel's data folder; servers live in {@code <dataDir>/servers/<uuid>/}
 * @param javaBinary the java the demo template runs ({@code {{JAVA}}})
 * @param talonClasspath the classpath holding the demo server ({@code {{TALON_CLASSPATH}}})
 * @param stopGrace how long a stop waits after the stop command before SIGTERM
 * @param terminateGrace how long after SIGTERM before SIGKILL
 * @param crashLoopWindow no auto-restart if the previous auto-restart after a crash was less than this ago (Wings: 60 s)
 * @param cleanExitIsCrash whether exit code 0 without a stop request counts as a crash (Wings default: yes)
 * @param consoleLines lines kept per server for new viewers
 * @param subscriberQueue lines that may wait for one slow viewer before its lines are dropped
 * @param maxCommandLength longest command accepted on the console
 * @param logRotation when latest.log rotates
 * @param metricsInterval how often running servers are sampled; zero = only on {@link LocalNode#sampleNow()}
 * @param diskInterval how long a folder size is reused before it is measured again
 * @param clock time source for events
 */
public record NodeConfig(
        Path dataDir,
        Path javaBinary,
        String talonClasspath,
        Duration stopGrace,
        Duration terminateGrace,
        Duration crashLoopWindow,
        boolean cleanExitIsCrash,
        int consoleLines,
        int subscriberQueue,
        int maxCommandLength,
        LogRotation logRotation,
        Duration metricsInterval,
        Duration diskInterval,
        Clock clock) {

    public NodeConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(javaBinary, "javaBinary");
        Objects.requireNonNull(talonClasspath, "talonClasspath");
        Objects.requireNonNull(logRotation, "logRotation");
        Objects.requireNonNull(clock, "clock");
        for (Duration duration : new Duration[] {stopGrace, terminateGrace, crashLoopWindow, metricsInterval, diskInterval}) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException("node durations must be >= 0");
            }
        }
        if (consoleLines < 1 || subscriberQueue < 1 || maxCommandLength < 1) {
            throw new IllegalArgumentException("consoleLines, subscriberQueue and maxCommandLength must be >= 1");
        }
    }

    /** Wings-like defaults: 30 s stop grace, 10 s to SIGKILL, 60 s crash window, 1,000 lines, 5 s metrics. */
    public static NodeConfig defaults(Path dataDir) {
        return new NodeConfig(dataDir, Path.of(System.getProperty("java.home"), "bin", "java"), ownClasspath(),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(60), true,
                ConsoleHub.DEFAULT_CAPACITY, 2_000, 1_024, LogRotation.DEFAULT, Duration.ofSeconds(5),
                Duration.ofSeconds(60), Clock.systemUTC());
    }

    public NodeConfig withGraces(Duration stop, Duration terminate) {
        return new NodeConfig(dataDir, javaBinary, talonClasspath, stop, terminate, crashLoopWindow, cleanExitIsCrash,
                consoleLines, subscriberQueue, maxCommandLength, logRotation, metricsInterval, diskInterval, clock);
    }

    public NodeConfig withCrashLoopWindow(Duration window) {
        return new NodeConfig(dataDir, javaBinary, talonClasspath, stopGrace, terminateGrace, window, cleanExitIsCrash,
                consoleLines, subscriberQueue, maxCommandLength, logRotation, metricsInterval, diskInterval, clock);
    }

    public NodeConfig withMetrics(Duration metrics, Duration disk) {
        return new NodeConfig(dataDir, javaBinary, talonClasspath, stopGrace, terminateGrace, crashLoopWindow,
                cleanExitIsCrash, consoleLines, subscriberQueue, maxCommandLength, logRotation, metrics, disk, clock);
    }

    public NodeConfig withLogRotation(LogRotation rotation) {
        return new NodeConfig(dataDir, javaBinary, talonClasspath, stopGrace, terminateGrace, crashLoopWindow,
                cleanExitIsCrash, consoleLines, subscriberQueue, maxCommandLength, rotation, metricsInterval, diskInterval, clock);
    }

    Path serversDir() {
        return dataDir.resolve("servers");
    }

    Path processRecordsDir() {
        return dataDir.resolve("node").resolve("processes");
    }

    /** The jar or classes folder this class was loaded from: the demo server needs nothing else. */
    private static String ownClasspath() {
        var source = DemoGameServer.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return System.getProperty("java.class.path");
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            return System.getProperty("java.class.path");
        }
    }
}
