package dev.talon.ai.analysis.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Labelled logs: each line carries (in this test only) the event it belongs to. The miner must put
 * lines of one label into one template and keep labels apart.
 */
class TemplateMinerTest {

    /** label|line — the label names the real event; the miner never sees it. */
    private static final List<String> LABELLED = List.of(
            "join|[10:00:01] [Server thread/INFO]: Steve[/127.0.0.1:54321] logged in with entity id 123 at (12.5, 64.0, -8.2)",
            "join|[10:00:07] [Server thread/INFO]: Alex[/10.0.0.7:40022] logged in with entity id 124 at (0.0, 70.0, 3.9)",
            "join|[10:03:09] [Server thread/INFO]: notch_42[/192.168.1.20:5001] logged in with entity id 9001 at (-100.5, 63.0, 17.0)",
            "slow|[10:00:12] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 2150ms or 43 ticks behind",
            "slow|[10:01:12] [Server thread/WARN]: Can't keep up! Is the server overloaded? Running 5003ms or 100 ticks behind",
            "save|[10:00:30] [Server thread/INFO]: Saving chunks for level 'ServerLevel[world]'/minecraft:overworld",
            "save|[10:05:30] [Server thread/INFO]: Saving chunks for level 'ServerLevel[world_nether]'/minecraft:the_nether",
            "left|[10:02:00] [Server thread/INFO]: Steve left the game",
            "left|[10:02:30] [Server thread/INFO]: Alex left the game",
            "disk|[10:04:00] [Server thread/ERROR]: Failed to save player data for Steve",
            "disk|java.io.UncheckedIOException: Could not write playerdata",
            "disk|\tat net.minecraft.world.level.storage.PlayerDataStorage.save(PlayerDataStorage.java:47) ~[paper-1.21.1.jar:?]",
            "disk|\tat net.minecraft.server.players.PlayerList.save(PlayerList.java:571) ~[paper-1.21.1.jar:?]",
            "disk|Caused by: java.io.IOException: No space left on device",
            "disk|\tat sun.nio.ch.FileDispatcherImpl.write0(Native Method) ~[?:?]",
            "disk|\t... 2 more",
            "npe|[10:04:10] [Server thread/ERROR]: Error executing task on Server",
            "npe|java.lang.NullPointerException: Cannot invoke \"net.minecraft.world.entity.Entity.getBoundingBox()\" because \"entity\" is null",
            "npe|\tat net.minecraft.world.entity.ai.sensing.NearestLivingEntitySensor.doTick(NearestLivingEntitySensor.java:31) ~[paper-1.21.1.jar:?]",
            "disk|[10:06:00] [Server thread/ERROR]: Failed to save player data for Alex",
            "disk|java.io.UncheckedIOException: Could not write playerdata",
            "disk|\tat net.minecraft.world.level.storage.PlayerDataStorage.save(PlayerDataStorage.java:47) ~[paper-1.21.1.jar:?]",
            "reset|[10:06:10] [Netty Epoll Server IO #1/ERROR]: Error sending packet clientbound/minecraft:level_chunk_with_light",
            "reset|java.io.IOException: Connection reset by peer",
            "reset|\tat io.netty.channel.unix.Errors.newIOException(Errors.java:117) ~[netty-transport-native-unix-common-4.1.97.Final.jar:4.1.97.Final]",
            "npe|[10:07:10] [Server thread/ERROR]: Error executing task on Server",
            "npe|java.lang.NullPointerException: Cannot invoke \"net.minecraft.world.entity.Entity.getBoundingBox()\" because \"entity\" is null",
            "npe|\tat net.minecraft.world.entity.ai.sensing.NearestLivingEntitySensor.doTick(NearestLivingEntitySensor.java:31) ~[paper-1.21.1.jar:?]",
            "ise|[10:08:00] [Server thread/ERROR]: Error executing task on Server",
            "ise|java.lang.IllegalStateException: Ticking entity is already removed",
            "ise|\tat net.minecraft.server.level.ServerLevel.tick(ServerLevel.java:792) ~[paper-1.21.1.jar:?]",
            "conn|2024-05-01 12:00:00,123 INFO [pool-1-thread-3] Connection 7f3a9c2e-1b4d-4e8a-9f00-0c1d2e3f4a5b opened from 10.1.2.3:5555 in 12ms",
            "conn|2024-05-01 12:00:01,456 INFO [pool-1-thread-4] Connection 00000000-1111-2222-3333-444455556666 opened from 10.1.2.4:5556 in 250ms",
            "gc|2024-05-01T12:00:02.000Z WARN GC pause of 1.5s in region 0x7f00aa12 file /var/lib/game/world/region/r.0.0.mca",
            "gc|2024-05-01T12:00:03.000Z WARN GC pause of 820ms in region 0x7f00bb34 file /var/lib/game/world_nether/region/r.1.-1.mca");

    @Test
    void lines_of_the_same_event_share_a_template_and_different_events_do_not() {
        Map<String, List<String>> idsByLabel = new TreeMap<>();
        Map<String, String> labelById = new HashMap<>();
        var lines = new ArrayList<String>();
        var labels = new ArrayList<String>();
        for (String l : LABELLED) {
            labels.add(l.substring(0, l.indexOf('|')));
            lines.add(l.substring(l.indexOf('|') + 1));
        }
        var ids = new String[lines.size()];
        var miner = new TemplateMiner(TemplateMiner.Settings.defaults(), (first, count, cluster) -> {
            for (int i = 0; i < count; i++) {
                ids[(int) first - 1 + i] = cluster.id();
            }
        });
        lines.forEach(miner::accept);
        miner.finish();

        for (int i = 0; i < ids.length; i++) {
            idsByLabel.computeIfAbsent(labels.get(i), k -> new ArrayList<>()).add(ids[i]);
            String previous = labelById.putIfAbsent(ids[i], labels.get(i));
            assertTrue(previous == null || previous.equals(labels.get(i)),
                    "line " + (i + 1) + " (" + labels.get(i) + ") shares template " + ids[i] + " with " + previous + "\n" + miner.templates());
        }
        idsByLabel.forEach((label, list) -> assertEquals(1, list.stream().distinct().count(),
                "event " + label + " split over " + list + "\n" + miner.templates()));
        assertEquals(10, miner.templates().size(), miner.templates().toString());
    }

    @Test
    void a_stack_trace_with_its_cause_is_one_event_with_the_exception_in_its_template() {
        var miner = new TemplateMiner();
        LABELLED.stream().filter(l -> l.startsWith("disk|")).map(l -> l.substring(5)).forEach(miner::accept);
        miner.finish();

        assertEquals(2, miner.events());
        LogTemplate t = miner.templates().get(0);
        assertEquals("Failed to save player data for <*> ⏎ java.io.UncheckedIOException: Could not write playerdata", t.template());
        assertEquals(LogLevel.ERROR, t.level());
        assertEquals(10, t.lines());
        assertEquals(7, t.examples().get(0).size());
        assertEquals("10:04:00", t.firstSeen());
        assertEquals("10:06:00", t.lastSeen());
    }

    @Test
    void variables_are_masked_by_kind() {
        var miner = new TemplateMiner();
        miner.accept("2024-05-01 12:00:00,123 INFO [main] Connection 7f3a9c2e-1b4d-4e8a-9f00-0c1d2e3f4a5b opened from 10.1.2.3:5555 in 12ms");
        miner.accept("2024-05-01T12:00:02.000Z WARN GC pause of 1.5s at 0x7f00aa12 in /var/lib/game/world/level.dat, id=42 sha deadbeef99");
        miner.accept("[12:00:03] [main/INFO]: Player \"Steve the Great\" said 'hi there' at 12:00:03 on 2024-05-01 (3/20 slots, 87.5%)");
        miner.accept("[12:00:04] [main/INFO]: Worker Thread-7 finished job #31 on ::1 and fe80::1:2:3");
        miner.finish();

        var templates = miner.templates().stream().map(LogTemplate::template).toList();
        assertEquals(List.of(
                "Connection <UUID> opened from <IP> in <DUR>",
                "GC pause of <DUR> at <HEX> in <PATH>, id=<NUM> sha <HEX>",
                "Player <STR> said <STR> at <TS> on <TS> (<NUM> slots, <NUM>)",
                "Worker Thread-<NUM> finished job #<NUM> on <IP> and <IP>"), templates);
    }

    @Test
    void headers_are_recognised_and_only_the_message_is_mined() {
        var miner = new TemplateMiner();
        miner.accept("[10:00:01] [Server thread/WARN]: Disk almost full");
        miner.accept("2024-05-01 12:00:00,123 WARN [main] Disk almost full");
        miner.accept("2024-05-01T12:00:00Z WARNING Disk almost full");
        miner.accept("[2024-05-01 12:00:00] [WARN] Disk almost full");
        miner.accept("May  1 12:00:00 Disk almost full");
        miner.accept("Disk almost full");
        miner.finish();

        List<LogTemplate> templates = miner.templates();
        assertEquals(1, templates.size(), templates.toString());
        assertEquals("Disk almost full", templates.get(0).template());
        assertEquals(6, templates.get(0).count());
        assertEquals(LogLevel.WARN, templates.get(0).level());
    }

    @Test
    void a_burst_is_flagged_and_a_steady_template_is_not() {
        var miner = new TemplateMiner();
        for (int minute = 0; minute < 10; minute++) {
            for (int s = 0; s < 6; s++) {
                miner.accept(String.format("[10:%02d:%02d] [Server thread/INFO]: Autosave complete", minute, s * 10));
            }
            if (minute == 7) {
                for (int i = 0; i < 40; i++) {
                    miner.accept(String.format("[10:07:%02d] [Server thread/WARN]: Player moved too quickly! %d,%d,%d", i, i, 2, 3));
                }
            }
        }
        miner.finish();

        var byTemplate = new HashMap<String, LogTemplate>();
        miner.templates().forEach(t -> byTemplate.put(t.template(), t));
        LogTemplate moved = byTemplate.get("Player moved too quickly! <NUM>,<NUM>,<NUM>");
        assertTrue(moved.burst(), moved.toString());
        assertEquals(40, moved.peakCount());
        assertEquals("10:07", moved.peakWindow());
        assertFalse(byTemplate.get("Autosave complete").burst());
    }

    @Test
    void templates_are_bounded_and_extra_shapes_go_to_an_overflow_template() {
        var miner = new TemplateMiner(new TemplateMiner.Settings(0.5, 0.75, 10, 100), (a, b, c) -> { });
        for (int i = 0; i < 100; i++) {
            miner.accept("word" + (char) ('a' + i % 26) + (char) ('a' + i / 26) + " x" + i % 7 + "y" + " unique" + i + "z");
        }
        miner.finish();

        var templates = miner.templates();
        assertEquals(11, templates.size());
        assertEquals("T0", templates.get(10).id());
        assertEquals(100, templates.stream().mapToLong(LogTemplate::count).sum());
        assertNotEquals(0, templates.get(10).count());
    }
}
