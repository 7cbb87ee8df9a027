package dev.talon.core.servers.node.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.talon.core.servers.node.PowerState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleHubTest {

    private final ConsoleHub hub = new ConsoleHub(ConsoleHub.DEFAULT_CAPACITY, Clock.systemUTC());

    @Test
    void ring_buffer_keeps_the_last_1000_lines_in_order() {
        IntStream.rangeClosed(1, 2_500).forEach(i -> hub.publish("line " + i, ConsoleStream.STDOUT));
        List<ConsoleEntry> recent = hub.recent();
        assertEquals(1_000, recent.size());
        assertEquals("line 1501", recent.getFirst().text());
        assertEquals("line 2500", recent.getLast().text());
    }

    @Test
    void a_new_viewer_gets_the_backlog_then_live_lines_each_exactly_once() throws Exception {
        IntStream.rangeClosed(1, 5).forEach(i -> hub.publish("old " + i, ConsoleStream.STDOUT));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ConsoleSubscription subscription = hub.subscribe(entry -> seen.add(entry.text()), true, 100)) {
            IntStream.rangeClosed(1, 5).forEach(i -> hub.publish("new " + i, ConsoleStream.STDOUT));
            await(() -> seen.size() >= 10);
            assertEquals(List.of("old 1", "old 2", "old 3", "old 4", "old 5", "new 1", "new 2", "new 3", "new 4", "new 5"), seen);
            assertEquals(0, subscription.dropped());
        }
    }

    @Test
    void a_slow_viewer_loses_lines_but_never_blocks_the_reader_or_other_viewers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        // not copy-on-write: 50,000 adds to one would be quadratic
        List<String> fast = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (ConsoleSubscription slow = hub.subscribe(entry -> release.await(), false, 10);
                ConsoleSubscription quick = hub.subscribe(entry -> fast.add(entry.text()), false, 100_000)) {
            long start = System.nanoTime();
            IntStream.rangeClosed(1, 50_000).forEach(i -> hub.publish("line " + i, ConsoleStream.STDOUT));
            Duration publishing = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(publishing.toSeconds() < 5, "publishing took " + publishing);
            assertTrue(slow.dropped() > 49_000, "dropped " + slow.dropped());
            await(() -> fast.size() == 50_000);
            assertEquals(0, quick.dropped());
            release.countDown();
        }
        assertEquals(0, hub.subscriberCount());
    }

    /** Records lines as their text and states as {@code [state]}, in the order the sink gets them. */
    private static ConsoleSink recorder(List<String> seen, CountDownLatch gate) {
        return new ConsoleSink() {
            @Override
            public void accept(ConsoleEntry entry) throws Exception {
                gate.await();
                seen.add(entry.text());
            }

            @Override
            public void state(PowerState to) throws Exception {
                gate.await();
                seen.add("[" + to.wireName() + "]");
            }
        };
    }

    @Test
    void state_changes_reach_a_busy_viewer_after_the_lines_published_before_them() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch busy = new CountDownLatch(1);
        try (ConsoleSubscription viewer = hub.subscribe(recorder(seen, busy), false, 10_000, PowerState.RUNNING)) {
            IntStream.rangeClosed(1, 500).forEach(i -> hub.publish("line " + i, ConsoleStream.STDOUT));
            hub.publishState(PowerState.STOPPING);
            hub.publish("Stopping server", ConsoleStream.STDOUT);
            hub.publishState(PowerState.OFFLINE);
            busy.countDown(); // the viewer was stuck while all of that was published
            await(() -> seen.size() == 504);
            assertEquals("[running]", seen.getFirst(), "the current state comes first");
            assertEquals(List.of("line 500", "[stopping]", "Stopping server", "[offline]"), seen.subList(500, 504));
            assertEquals(0, viewer.dropped());
        }
    }

    @Test
    void a_state_change_is_not_dropped_when_the_viewers_queue_is_full() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch stuck = new CountDownLatch(1);
        try (ConsoleSubscription viewer = hub.subscribe(recorder(seen, stuck), false, 3, null)) {
            IntStream.rangeClosed(1, 20).forEach(i -> hub.publish("line " + i, ConsoleStream.STDOUT));
            hub.publishState(PowerState.OFFLINE);
            assertTrue(viewer.dropped() > 0, "the queue overflowed");
            stuck.countDown();
            await(() -> seen.contains("[offline]"));
            Thread.sleep(100);
            assertEquals("[offline]", seen.getLast(), "delivered once the queued lines are out: " + seen);
            assertEquals(1, seen.stream().filter("[offline]"::equals).count());
        }
    }

    @Test
    void a_failing_viewer_is_unsubscribed() throws Exception {
        ConsoleSubscription failing = hub.subscribe(entry -> { throw new IllegalStateException("socket closed"); }, false, 10);
        hub.publish("boom", ConsoleStream.STDOUT);
        await(failing::isClosed);
        assertEquals(0, hub.subscriberCount());
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
