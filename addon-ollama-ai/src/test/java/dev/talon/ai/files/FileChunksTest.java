package dev.talon.ai.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileChunksTest {

    @Test
    void parts_cut_on_line_boundaries_keep_every_line_once_with_their_numbers() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            text.append("line-").append(i).append("=value\n");
        }
        List<FileChunks.Part> parts = FileChunks.split(text.toString(), 200);
        assertTrue(parts.size() > 5);
        assertEquals(1, parts.getFirst().firstLine());
        assertEquals(100, parts.getLast().lastLine());
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            assertTrue(parts.get(i).text().length() <= 200);
            assertTrue(parts.get(i).text().startsWith("line-" + parts.get(i).firstLine() + "="), parts.get(i).toString());
            if (i > 0) {
                assertEquals(parts.get(i - 1).lastLine() + 1, parts.get(i).firstLine());
            }
            joined.append(parts.get(i).text());
        }
        assertEquals(text.toString(), joined.toString());
    }

    @Test
    void a_single_huge_line_is_cut_and_an_empty_file_has_no_parts() {
        List<FileChunks.Part> parts = FileChunks.split("x".repeat(450), 200);
        assertEquals(List.of(200, 200, 51), parts.stream().map(p -> p.text().length()).toList());
        assertTrue(FileChunks.split("", 200).isEmpty());
    }
}
