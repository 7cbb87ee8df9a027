package dev.talon.core.servers.node.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {

    @TempDir
    Path dir;

    @Test
    void latest_log_rotates_by_size_and_keeps_only_n_old_files() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("logs"));
        try (LogWriter writer = new LogWriter(files, new LogRotation(1024, 2))) {
            IntStream.range(0, 200).forEach(i -> writer.write("line %03d %s".formatted(i, "x".repeat(40))));
        }
        assertTrue(Files.size(files.latest()) <= 1024);
        assertTrue(Files.size(files.rotated(1)) <= 1024);
        assertTrue(Files.exists(files.rotated(2)));
        assertFalse(Files.exists(files.rotated(3)), "only two rotated files are kept");
        List<String> newest = Files.readAllLines(files.latest());
        assertEquals("line 199 " + "x".repeat(40), newest.getLast());
        List<String> previous = Files.readAllLines(files.rotated(1));
        int lastOfPrevious = Integer.parseInt(previous.getLast().substring(5, 8));
        int firstOfNewest = Integer.parseInt(newest.getFirst().substring(5, 8));
        assertEquals(lastOfPrevious + 1, firstOfNewest, "no line is lost at a rotation");
    }

    @Test
    void offset_reads_return_only_new_complete_lines() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("logs"));
        try (LogWriter writer = new LogWriter(files, LogRotation.DEFAULT)) {
            writer.write("one");
            writer.write("two");
            writer.flush();
            LogChunk first = files.read(0, 1 << 16);
            assertEquals(List.of("one", "two"), first.lines());
            assertEquals(8, first.nextOffset());

            writer.write("three ü");
            writer.flush();
            Files.writeString(files.latest(), "partial", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            LogChunk second = files.read(first.nextOffset(), 1 << 16);
            assertEquals(List.of("three ü"), second.lines(), "the unfinished line waits for the next read");
            assertEquals(second.nextOffset(), files.read(second.nextOffset(), 1 << 16).nextOffset());
        }
    }

    @Test
    void small_reads_page_through_the_log_and_a_stale_offset_restarts_at_zero() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("logs"));
        try (LogWriter writer = new LogWriter(files, LogRotation.DEFAULT)) {
            IntStream.range(0, 100).forEach(i -> writer.write("line " + i));
        }
        long offset = 0;
        int lines = 0;
        for (LogChunk chunk = files.read(0, 50); !chunk.lines().isEmpty(); chunk = files.read(offset, 50)) {
            lines += chunk.lines().size();
            offset = chunk.nextOffset();
        }
        assertEquals(100, lines);
        LogChunk stale = files.read(offset + 10_000, 1 << 16);
        assertTrue(stale.restarted());
        assertEquals("line 0", stale.lines().getFirst());
    }

    @Test
    void tail_returns_the_last_lines_reaching_into_the_previous_file() throws Exception {
        LogFiles files = new LogFiles(dir.resolve("logs"));
        try (LogWriter writer = new LogWriter(files, new LogRotation(1024, 3))) {
            IntStream.range(0, 200).forEach(i -> writer.write("line %03d".formatted(i)));
        }
        assertEquals(List.of("line 197", "line 198", "line 199"), files.tail(3));
        List<String> many = files.tail(150);
        assertEquals(150, many.size());
        assertEquals("line 050", many.getFirst());
        assertEquals("line 199", many.getLast());
        assertTrue(many.size() > Files.readAllLines(files.latest()).size(), "includes latest.1.log");
        assertEquals(List.of(), new LogFiles(dir.resolve("none")).tail(5));
    }

    @Test
    void the_writer_does_not_follow_a_symlink_planted_as_latest_log() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside.txt"), "keep\n");
        Path logs = Files.createDirectories(dir.resolve("server").resolve("logs"));
        Files.createSymbolicLink(logs.resolve("latest.log"), outside);
        try (LogWriter writer = new LogWriter(new LogFiles(logs), LogRotation.DEFAULT)) {
            writer.write("must not land outside");
        }
        assertEquals("keep\n", Files.readString(outside));
    }
}
