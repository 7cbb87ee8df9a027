package dev.talon.ai.help;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentTextTest {

    private final DocumentText reader = new DocumentText();

    @Test
    void a_real_pdf_gives_its_text() {
        var text = reader.extract("Proxy Guide.PDF", Pdfs.withLines(List.of("Velocity forwarding secret", "Set player-info-forwarding-mode")));
        assertEquals(DocumentText.Kind.PDF, text.kind());
        assertTrue(text.text().contains("Velocity forwarding secret") && text.text().contains("player-info-forwarding-mode"), text.text());
    }

    @Test
    void markdown_and_text_are_utf8_without_a_byte_order_mark() {
        var md = reader.extract("guide.md", "\uFEFF# Guide\r\nÜber café".getBytes(StandardCharsets.UTF_8));
        assertEquals(DocumentText.Kind.MARKDOWN, md.kind());
        assertEquals("# Guide\nÜber café", md.text());
        assertEquals(DocumentText.Kind.TEXT, reader.extract("notes.txt", "plain".getBytes(StandardCharsets.UTF_8)).kind());
    }

    @Test
    void bad_files_are_refused_with_a_reason() {
        assertTrue(refusal("broken.pdf", "%PDF-1.7\nthis is not really a pdf".getBytes()).contains("not a readable PDF"));
        assertTrue(refusal("locked.pdf", Pdfs.encrypted(List.of("secret text"), "hunter2")).contains("encrypted with a password"));
        assertTrue(refusal("empty.pdf", Pdfs.withLines(List.of())).contains("no text"));
        assertTrue(refusal("empty.md", "  \n ".getBytes()).contains("empty"));
        assertTrue(refusal("latin1.txt", new byte[] {(byte) 0xE9, 't', (byte) 0xE9}).contains("not UTF-8"));
        assertTrue(refusal("world.zip", new byte[] {1, 2, 3}).contains("Only Markdown (.md), plain text (.txt) and PDF (.pdf)"));
    }

    @Test
    void the_slug_comes_from_the_file_name_so_the_same_name_replaces() {
        assertEquals("doc-proxy-guide", UploadedDocuments.slugOf("C:\\docs\\Proxy Guide.PDF"));
        assertEquals("doc-untitled", UploadedDocuments.slugOf("...md"));
    }

    private String refusal(String name, byte[] bytes) {
        return assertThrows(DocumentText.Unreadable.class, () -> reader.extract(name, bytes)).getMessage();
    }
}
