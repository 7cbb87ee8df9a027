package dev.talon.core.servers.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.SequencedSet;
import java.util.UUID;

/**
 * The ambient life of the demo world: players join, chat and leave; the server falls behind,
 * ticks slowly and logs exceptions. Every choice comes from one {@link Random} seeded once, so
 * the sequence of beats is the same for a seed. Not thread-safe: used only by the server thread.
 */
final class Storyline {

    static final int MAX_PLAYERS = 20;

    private static final String[] NAMES = {
        "Steve", "Alex", "Notch_fan", "xXCreeperXx", "BuilderBea", "RedstoneRon", "Miner49er", "Sunny_Day",
        "EnderEli", "PixelPam", "LavaLarry", "CaveCat", "Hoglin_Hank", "IronIvy", "QuartzQuinn", "Tater_Tot",
    };
    private static final String[] CHAT = {
        "anyone got spare iron?", "lag?", "gg", "where is spawn again", "who took my diamonds",
        "brb dinner", "can someone tp me", "the nether portal is broken", "lol", "is the server restarting soon?",
        "found a village at 1200 -340", "thanks!", "my farm stopped working", "hi all",
    };
    private static final String[] DEATHS = {
        "%s was slain by Zombie", "%s fell from a high place", "%s tried to swim in lava", "%s was blown up by Creeper",
        "%s drowned", "%s was shot by Skeleton",
    };
    private static final String[] ADVANCEMENTS = {
        "Stone Age", "Getting an Upgrade", "Acquire Hardware", "We Need to Go Deeper", "Diamonds!", "Hot Stuff",
    };

    private final Random random;
    private final DemoLog log;
    private final SequencedSet<String> online = new LinkedHashSet<>();
    private int nextEntityId = 140;
    private int port = 51_000;

    Storyline(long seed, DemoLog log) {
        this.random = new Random(seed);
        this.log = log;
    }

    List<String> onlinePlayers() {
        return new ArrayList<>(online);
    }

    /** Prints one beat of the story (one to a few dozen lines). */
    void next() {
        int roll = random.nextInt(100);
        if (online.isEmpty() || (roll < 14 && online.size() < MAX_PLAYERS)) {
            join();
        } else if (roll < 24 && online.size() > 1) {
            leave();
        } else if (roll < 62) {
            log.info("Async Chat Thread - #" + random.nextInt(4), "<" + anyPlayer() + "> " + pick(CHAT));
        } else if (roll < 68) {
            log.info("Server thread", String.format(pick(DEATHS), anyPlayer()));
        } else if (roll < 73) {
            log.info("Server thread", anyPlayer() + " has made the advancement [" + pick(ADVANCEMENTS) + "]");
        } else if (roll < 81) {
            int ms = 2_000 + random.nextInt(9_000);
            log.warn("Server thread", "Can't keep up! Is the server overloaded? Running " + ms + "ms or " + ms / 50 + " ticks behind");
        } else if (roll < 88) {
            int ms = 120 + random.nextInt(900);
            log.warn("Server thread", "Slow tick: " + ms + "ms (" + String.format("%.1f", ms / 50.0)
                    + " ticks) spent in world 'world' ticking entity minecraft:villager at "
                    + (random.nextInt(2_000) - 1_000) + ", 64, " + (random.nextInt(2_000) - 1_000));
        } else if (roll < 94) {
            Incidents.Incident incident = Incidents.recoverable(random.nextInt(4), anyPlayer());
            log.error(incident.thread(), incident.message(), incident.error());
        } else {
            log.info("Server thread", "Saving chunks for level 'ServerLevel[world]'/minecraft:overworld");
            log.info("Server thread", "ThreadedAnvilChunkStorage (world): All chunks are saved");
        }
    }

    private void join() {
        String name = NAMES[random.nextInt(NAMES.length)];
        if (!online.add(name)) {
            log.info("Server thread", "Disconnecting " + name + " (/127.0.0.1:" + port + "): You logged in from another location");
            return;
        }
        UUID uuid = new UUID(random.nextLong(), random.nextLong());
        log.info("User Authenticator #" + (1 + random.nextInt(3)), "UUID of player " + name + " is " + uuid);
        log.info("Server thread", name + "[/127.0.0.1:" + port++ + "] logged in with entity id " + nextEntityId++
                + " at ([world]" + (random.nextInt(400) - 200) + ".5, 64.0, " + (random.nextInt(400) - 200) + ".5)");
        log.info("Server thread", name + " joined the game");
    }

    private void leave() {
        String name = anyPlayer();
        online.remove(name);
        log.info("Server thread", name + " lost connection: " + (random.nextBoolean() ? "Disconnected" : "Timed out"));
        log.info("Server thread", name + " left the game");
    }

    private String anyPlayer() {
        if (online.isEmpty()) {
            return NAMES[0];
        }
        int index = random.nextInt(online.size());
        return online.stream().skip(index).findFirst().orElseThrow();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
