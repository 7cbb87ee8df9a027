package dev.talon.core.servers.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ending a process together with its descendants. */
final class ProcessTrees {

    private ProcessTrees() {}

    /** SIGKILL to the process and every descendant (listed first, before the parent dies and they are reparented). */
    static void killForcibly(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        root.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM to each root, wait up to {@code grace} for all, then SIGKILL the trees still alive. */
    static void terminateAll(List<ProcessHandle> roots, Duration grace) {
        List<List<ProcessHandle>> trees = new ArrayList<>();
        for (ProcessHandle root : roots) {
            List<ProcessHandle> tree = new ArrayList<>();
            tree.add(root);
            tree.addAll(root.descendants().toList());
            trees.add(tree);
            root.destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (List<ProcessHandle> tree : trees) {
            awaitExit(tree.getFirst(), Math.max(0, deadline - System.nanoTime()));
        }
        for (List<ProcessHandle> tree : trees) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree.getFirst(), TimeUnit.SECONDS.toNanos(5));
        }
    }

    static boolean awaitExit(ProcessHandle process, long nanos) {
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }
}
