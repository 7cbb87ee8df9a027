package dev.talon.core.servers.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ConcurrentModificationException;

/** The exceptions the demo server "runs into": the non-fatal ones it logs and the fatal crash. */
final class Incidents {

    private static final String[] TICK_FRAMES = {
        "net.minecraft.server.level.ServerLevel.tickNonPassenger:1287",
        "net.minecraft.world.level.Level.guardEntityTick:1066",
        "net.minecraft.server.level.ServerLevel.lambda$tick$9:812",
        "net.minecraft.world.level.entity.EntityTickList.forEach:42",
        "net.minecraft.server.level.ServerLevel.tick:792",
        "net.minecraft.server.MinecraftServer.tickChildren:1672",
        "net.minecraft.server.dedicated.DedicatedServer.tickChildren:475",
        "net.minecraft.server.MinecraftServer.tickServer:1530",
        "net.minecraft.server.MinecraftServer.runServer:1226",
        "net.minecraft.server.MinecraftServer.lambda$spin$0:329",
        "java.lang.Thread.run:1583",
    };

    private Incidents() {}

    /** A logged, non-fatal exception; which one depends on {@code pick}. */
    static Incident recoverable(int pick, String player) {
        return switch (Math.floorMod(pick, 4)) {
            case 0 -> new Incident("Server thread", "Error executing task on Server",
                    StackTraces.withTrace(new NullPointerException(
                            "Cannot invoke \"net.minecraft.world.entity.Entity.getBoundingBox()\" because \"entity\" is null"),
                            "net.minecraft.world.entity.ai.sensing.NearestLivingEntitySensor.doTick:31",
                            "net.minecraft.world.entity.ai.sensing.Sensor.tick:48",
                            "net.minecraft.world.entity.npc.Villager.customServerAiStep:287",
                            "net.minecraft.world.entity.Mob.serverAiStep:905",
                            "net.minecraft.world.entity.LivingEntity.aiStep:2781",
                            "net.minecraft.world.entity.LivingEntity.tick:2448",
                            TICK_FRAMES[0], TICK_FRAMES[1], TICK_FRAMES[2], TICK_FRAMES[3], TICK_FRAMES[4],
                            TICK_FRAMES[5], TICK_FRAMES[7], TICK_FRAMES[8], TICK_FRAMES[9], TICK_FRAMES[10]));
            case 1 -> new Incident("Netty Epoll Server IO #1", "Error sending packet clientbound/minecraft:level_chunk_with_light",
                    StackTraces.withTrace(new IOException("Connection reset by peer"),
                            "io.netty.channel.unix.Errors.newIOException:117",
                            "io.netty.channel.unix.Errors.ioResult:138",
                            "io.netty.channel.unix.FileDescriptor.writeAddress:191",
                            "io.netty.channel.epoll.AbstractEpollChannel.doWriteBytes:356",
                            "io.netty.channel.epoll.AbstractEpollStreamChannel.writeBytes:260",
                            "io.netty.channel.epoll.AbstractEpollStreamChannel.doWriteSingle:471",
                            "io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite:429",
                            "io.netty.channel.AbstractChannel$AbstractUnsafe.flush0:931",
                            "io.netty.channel.epoll.EpollEventLoop.run:413",
                            "io.netty.util.concurrent.SingleThreadEventExecutor$4.run:997",
                            "java.lang.Thread.run:1583"));
            case 2 -> new Incident("Server thread", "Failed to save player data for " + player,
                    StackTraces.withTrace(new UncheckedIOException("Could not write playerdata",
                                    StackTraces.withTrace(new IOException("No space left on device"),
                                            "sun.nio.ch.FileDispatcherImpl.write0:-2",
                                            "sun.nio.ch.FileChannelImpl.write:305",
                                            "net.minecraft.nbt.NbtIo.writeCompressed:81",
                                            "net.minecraft.world.level.storage.PlayerDataStorage.save:47",
                                            "net.minecraft.server.players.PlayerList.save:571",
                                            "net.minecraft.server.players.PlayerList.saveAll:1121",
                                            "net.minecraft.server.MinecraftServer.tickServer:1530",
                                            "net.minecraft.server.MinecraftServer.runServer:1226",
                                            "java.lang.Thread.run:1583")),
                            "net.minecraft.world.level.storage.PlayerDataStorage.save:52",
                            "net.minecraft.server.players.PlayerList.save:571",
                            "net.minecraft.server.players.PlayerList.saveAll:1121",
                            "net.minecraft.server.MinecraftServer.tickServer:1530",
                            "net.minecraft.server.MinecraftServer.runServer:1226",
                            "java.lang.Thread.run:1583"));
            default -> new Incident("Server thread", "Could not pass event EntityDamageByEntityEvent to DemoCombat v2.3.1",
                    StackTraces.withTrace(new ConcurrentModificationException(),
                            "java.util.HashMap$HashIterator.nextNode:1605",
                            "java.util.HashMap$KeyIterator.next:1628",
                            "com.example.democombat.listener.DamageListener.onDamage:88",
                            "co.aikar.timings.TimedEventExecutor.execute:81",
                            "org.bukkit.plugin.RegisteredListener.callEvent:70",
                            "io.papermc.paper.plugin.manager.PaperEventManager.callEvent:54",
                            "org.bukkit.craftbukkit.event.CraftEventFactory.callEvent:101",
                            "net.minecraft.world.entity.LivingEntity.hurt:1339",
                            TICK_FRAMES[0], TICK_FRAMES[4], TICK_FRAMES[5], TICK_FRAMES[8], TICK_FRAMES[10]));
        };
    }

    /** The fatal "Ticking entity" crash that ends the run. */
    static Throwable fatal() {
        IllegalStateException cause = StackTraces.withTrace(
                new IllegalStateException("Entity is already tracked!"),
                "net.minecraft.server.level.ChunkMap.addEntity:1128",
                "net.minecraft.server.level.ServerChunkCache.addEntity:609",
                "net.minecraft.server.level.ServerLevel$EntityCallbacks.onTrackingStart:2391",
                "net.minecraft.world.level.entity.PersistentEntitySectionManager.startTracking:301",
                TICK_FRAMES[0], TICK_FRAMES[1], TICK_FRAMES[2], TICK_FRAMES[3], TICK_FRAMES[4], TICK_FRAMES[5],
                TICK_FRAMES[7], TICK_FRAMES[8], TICK_FRAMES[9], TICK_FRAMES[10]);
        return StackTraces.withTrace(new ReportedException("Ticking entity", cause),
                TICK_FRAMES[5], TICK_FRAMES[6], TICK_FRAMES[7], TICK_FRAMES[8], TICK_FRAMES[9], TICK_FRAMES[10]);
    }

    record Incident(String thread, String message, Throwable error) {}

    /** Stands in for {@code net.minecraft.ReportedException}; named so the trace reads like the real one. */
    static final class ReportedException extends RuntimeException {
        ReportedException(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return "net.minecraft.ReportedException: " + getMessage();
        }
    }
}
