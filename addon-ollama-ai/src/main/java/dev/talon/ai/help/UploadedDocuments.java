package dev.talon.ai.help;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Administrator-uploaded help documents in {@code ai_help_documents}: their extracted text, kind
 * and where they came from. A document's slug comes from its file name ({@code doc-} + the name),
 * so uploading a file of the same name again replaces it. Thread-safe (Jdbi).
 */
public final class UploadedDocuments {

    /** A stored document. */
    public record Stored(long id, String slug, String title, String filename, DocumentText.Kind kind, String content,
                         long sizeBytes, long updatedAt) {

        public HelpDocument document() {
            return new HelpDocument(slug, title, content, false, kind != DocumentText.Kind.MARKDOWN);
        }
    }

    /** The result of {@link #save}: the stored document and whether it replaced one. */
    public record Saved(Stored stored, boolean replaced) {}

    private static final String COLUMNS = "id, slug, title, filename, kind, content, size_bytes, updated_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public UploadedDocuments(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The slug a file of this name is stored under. */
    public static String slugOf(String filename) {
        String base = filename == null ? "" : filename.replaceAll("^.*[/\\\\]", "").replaceFirst("\\.[^.]*$", "");
        String slug = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        slug = "doc-" + (slug.isEmpty() ? "untitled" : slug);
        return slug.length() > 80 ? slug.substring(0, 80).replaceAll("-$", "") : slug;
    }

    public List<Stored> all() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM ai_help_documents ORDER BY title, id")
                .map((rs, ctx) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        DocumentText.Kind.valueOf(rs.getString(5)), rs.getString(6), rs.getLong(7), rs.getLong(8)))
                .list());
    }

    public Optional<Stored> find(long id) {
        return all().stream().filter(d -> d.id() == id).findFirst();
    }

    /** Stores the document, replacing the one with the same slug. */
    public Saved save(String filename, String title, DocumentText.Extracted text, long sizeBytes, long uploadedBy) {
        String slug = slugOf(filename);
        String name = filename.length() > 255 ? filename.substring(0, 255) : filename;
        String t = title.length() > 200 ? title.substring(0, 200) : title;
        long now = clock.millis();
        boolean replaced = jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE ai_help_documents SET title = :title, filename = :filename, kind = :kind, content = :content,
                                   size_bytes = :size, uploaded_by = :by, updated_at = :now WHERE slug = :slug""")
                    .bind("title", t).bind("filename", name).bind("kind", text.kind().name()).bind("content", text.text())
                    .bind("size", sizeBytes).bind("by", uploadedBy).bind("now", now).bind("slug", slug).execute();
            if (updated == 0) {
                h.createUpdate("""
                                INSERT INTO ai_help_documents (slug, title, filename, kind, content, size_bytes, uploaded_by, created_at, updated_at)
                                VALUES (:slug, :title, :filename, :kind, :content, :size, :by, :now, :now)""")
                        .bind("title", t).bind("filename", name).bind("kind", text.kind().name()).bind("content", text.text())
                        .bind("size", sizeBytes).bind("by", uploadedBy).bind("now", now).bind("slug", slug).execute();
            }
            return updated > 0;
        });
        Stored stored = all().stream().filter(d -> d.slug().equals(slug)).findFirst().orElseThrow();
        return new Saved(stored, replaced);
    }

    public boolean delete(long id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM ai_help_documents WHERE id = :id").bind("id", id).execute()) > 0;
    }
}
