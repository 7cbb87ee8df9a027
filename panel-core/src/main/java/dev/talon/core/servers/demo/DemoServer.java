package dev.talon.core.servers.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;

/** One run of the demo server on the server thread: boot, live until stop or crash, return the exit code. */
final class DemoServer {

    private static final String MAIN = "Server thread";

    private final DemoSettings settings;
    private final DemoLog log;
    private final Path directory;
    private final MemoryHog memory;
    private final Storyline story;
    private final Random tps;
    private long doneAtNanos;

    DemoServer(DemoSettings settings, DemoLog log, Path directory, MemoryHog memory) {
        this.settings = settings;
        this.log = log;
        this.directory = directory;
        this.memory = memory;
        this.story = new Storyline(settings.seed(), log);
        this.tps = new Random(settings.seed() ^ 0x5DEECE66DL);
    }

    int run(BlockingQueue<String> commands) throws InterruptedException {
        boot();
        long interval = 60_000_000_000L / settings.logRatePerMinute();
        long nextBeat = System.nanoTime() + interval;
        long crashAt = settings.crashAfterSeconds() == 0 ? Long.MAX_VALUE
                : doneAtNanos + settings.crashAfterSeconds() * 1_000_000_000L;
        while (true) {
            String command = DemoGameServer.nextCommand(commands, Math.min(nextBeat, crashAt));
            if (command != null) {
                if (execute(command.trim())) {
                    return 0;
                }
                continue;
            }
            long now = System.nanoTime();
            if (now >= crashAt) {
                return crash();
            }
            if (now >= nextBeat) {
                story.next();
                long upMillis = (now - doneAtNanos) / 1_000_000;
                memory.growTo(upMillis * settings.memoryGrowthKbPerMinute() * 1024 / 60_000);
                nextBeat += interval;
            }
        }
    }

    private void boot() throws InterruptedException {
        long start = System.nanoTime();
        log.info("ServerMain", "Environment: Environment[sessionHost=https://sessionserver.mojang.com, servicesHost=https://api.minecraftservices.com, name=PROD]");
        pause(0.15);
        log.info("ServerMain", "Loaded 1290 recipes");
        log.info("ServerMain", "Loaded 1399 advancements");
        log.info(MAIN, "Starting minecraft server version 1.21.1");
        log.info(MAIN, "Loading properties");
        log.info(MAIN, "This server is running Talon Demo version 1.21.1-DEMO (MC: 1.21.1) (seed " + settings.seed() + ")");
        log.info(MAIN, "Server Ping Player Sample Count: 12");
        log.info(MAIN, "Using 4 threads for Netty based IO");
        log.info(MAIN, "Default game type: SURVIVAL");
        log.info(MAIN, "Generating keypair");
        log.info(MAIN, "Starting Minecraft server on *:25565");
        log.info(MAIN, "Using epoll channel type");
        pause(0.2);
        log.info(MAIN, "Preparing level \"world\"");
        for (int percent = 0; percent <= 100; percent += 25) {
            log.info(MAIN, "Preparing spawn area: " + percent + "%");
            pause(0.12);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        log.info(MAIN, "Time elapsed: " + elapsedMs + " ms");
        doneAtNanos = System.nanoTime();
        log.info(MAIN, String.format(Locale.ROOT, "Done (%.3fs)! For help, type \"help\"", (doneAtNanos - start) / 1e9));
    }

    private void pause(double fractionOfBoot) throws InterruptedException {
        Thread.sleep((long) (settings.bootMillis() * fractionOfBoot));
    }

    /** Runs one console command; true when the server should exit. */
    private boolean execute(String command) {
        String name = command.startsWith("/") ? command.substring(1) : command;
        int space = name.indexOf(' ');
        String verb = (space < 0 ? name : name.substring(0, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : name.substring(space + 1).trim();
        switch (verb) {
            case "" -> { }
            case "help" -> {
                log.info(MAIN, "--------- Help: Index ---------");
                for (String line : List.of("/gc: Shows memory use and runs the garbage collector",
                        "/help: Shows this list", "/list: Lists online players", "/save: Saves the world",
                        "/say <message>: Broadcasts a message", "/stop: Saves and stops the server",
                        "/tps: Shows ticks per second")) {
                    log.info(MAIN, line);
                }
            }
            case "list" -> {
                List<String> players = story.onlinePlayers();
                log.info(MAIN, "There are " + players.size() + " of a max of " + Storyline.MAX_PLAYERS
                        + " players online: " + String.join(", ", players));
            }
            case "say" -> log.info(MAIN, "[Server] " + rest);
            case "save", "save-all" -> save();
            case "tps" -> log.info(MAIN, String.format(Locale.ROOT, "TPS from last 1m, 5m, 15m: %.2f, %.2f, %.2f",
                    Math.min(20.0, 17 + tps.nextDouble() * 3.2), Math.min(20.0, 18 + tps.nextDouble() * 2.1), 19.9));
            case "gc" -> gc();
            case "stop" -> {
                stop();
                return true;
            }
            default -> {
                log.info(MAIN, "Unknown or incomplete command, see below for error");
                log.info(MAIN, command + "<--[HERE]");
            }
        }
        return false;
    }

    private void save() {
        log.info(MAIN, "Saving the game (this may take a moment!)");
        writeWorld();
        log.info(MAIN, "Saved the game");
    }

    private void gc() {
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();
        System.gc();
        long after = runtime.totalMemory() - runtime.freeMemory();
        log.info(MAIN, "Uptime: " + (System.nanoTime() - doneAtNanos) / 1_000_000_000L + " seconds");
        log.info(MAIN, "Maximum memory: " + runtime.maxMemory() / 1_048_576 + " MB.");
        log.info(MAIN, "Allocated memory: " + runtime.totalMemory() / 1_048_576 + " MB.");
        log.info(MAIN, "Used memory: " + before / 1_048_576 + " MB -> " + after / 1_048_576 + " MB after GC (retained by chunk cache: "
                + memory.retainedBytes() / 1_048_576 + " MB)");
    }

    private void stop() {
        log.info(MAIN, "Stopping the server");
        log.info(MAIN, "Stopping server");
        log.info(MAIN, "Saving players");
        log.info(MAIN, "Saving worlds");
        writeWorld();
        log.info(MAIN, "Saving chunks for level 'ServerLevel[world]'/minecraft:overworld");
        log.info(MAIN, "ThreadedAnvilChunkStorage (world): All chunks are saved");
        log.info(MAIN, "ThreadedAnvilChunkStorage: All dimensions are saved");
        log.info(MAIN, "Flushing Chunk IO");
        log.info(MAIN, "Closing Thread Pool");
        log.info(MAIN, "Closing Server");
    }

    private int crash() {
        Throwable fatal = Incidents.fatal();
        log.error(MAIN, "Encountered an unexpected exception", fatal);
        String name = "crash-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd_HH.mm.ss")) + "-server.txt";
        Path report = directory.resolve("crash-reports").resolve(name);
        try {
            Files.createDirectories(report.getParent());
            Files.writeString(report, "---- Minecraft Crash Report ----\n// Surprise! Haha. Well, this is awkward.\n\n"
                    + "Description: Ticking entity\n\n" + fatal + "\n", StandardCharsets.UTF_8);
            log.error(MAIN, "This crash report has been saved to: " + report);
        } catch (IOException e) {
            log.error(MAIN, "We were unable to save this crash report to disk.", e);
        }
        log.info(MAIN, "Stopping server");
        return 1;
    }

    private void writeWorld() {
        try {
            Path world = directory.resolve("world");
            Files.createDirectories(world);
            Files.writeString(world.resolve("level.dat"), "seed=" + settings.seed() + "\nplayers=" + story.onlinePlayers() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.error(MAIN, "Failed to save level ./world", e);
        }
    }
}
