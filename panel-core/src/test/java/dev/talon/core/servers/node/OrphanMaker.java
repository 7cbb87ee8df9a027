package dev.talon.core.servers.node;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A stand-in panel for {@link OrphanCleanupTest}: opens a node, starts a demo server, prints
 * {@code RUNNING <pid>} and waits to be killed with SIGKILL, leaving its server behind.
 */
public final class OrphanMaker {

    private OrphanMaker() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        UUID id = UUID.fromString(args[1]);
        LocalNode node = LocalNode.open(TestServers.config(dataDir), NodeListener.NONE);
        ServerSpec demo = TestServers.demo(Map.of());
        node.register(new ServerSpec(id, demo.template(), demo.startup(), demo.variables(), demo.memoryMb(), false));
        node.start(id);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (node.state(id) != PowerState.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.println("RUNNING " + node.pid(id).orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
