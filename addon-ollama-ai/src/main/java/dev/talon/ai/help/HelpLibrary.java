package dev.talon.ai.help;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the help centre searches: the bundled articles, then the uploaded documents. Every
 * change to the uploads re-indexes the whole corpus ({@link HelpCentre#index}: BM25 at once,
 * embeddings in the background when the embedding model answers); a few hundred passages index in
 * milliseconds, so there is nothing incremental to get wrong.
 *
 * <p>Threading: writes are serialised here so two uploads can't index out of order; searches never
 * wait (the centre swaps snapshots).
 */
public final class HelpLibrary {

    private final List<HelpDocument> bundled;
    private final UploadedDocuments uploads;
    private final HelpCentre help;
    private final DocumentText reader = new DocumentText();

    public HelpLibrary(List<HelpDocument> bundled, UploadedDocuments uploads, HelpCentre help) {
        this.bundled = List.copyOf(bundled);
        this.uploads = uploads;
        this.help = help;
    }

    /** Indexes the bundled articles and every stored upload. */
    public synchronized void reindex() {
        List<HelpDocument> all = new ArrayList<>(bundled);
        uploads.all().forEach(d -> all.add(d.document()));
        help.index(all);
    }

    public List<UploadedDocuments.Stored> uploads() {
        return uploads.all();
    }

    /**
     * Reads, stores and indexes an uploaded file; a file of the same name is replaced.
     *
     * @throws DocumentText.Unreadable when the file can't be a help document (nothing is changed)
     */
    public synchronized UploadedDocuments.Saved upload(String filename, String title, byte[] bytes, long uploadedBy) {
        DocumentText.Extracted text = reader.extract(filename, bytes);
        String t = title == null || title.isBlank() ? defaultTitle(filename, text) : title.strip();
        var saved = uploads.save(filename, t, text, bytes.length, uploadedBy);
        reindex();
        return saved;
    }

    public synchronized boolean delete(long id) {
        boolean deleted = uploads.delete(id);
        if (deleted) {
            reindex();
        }
        return deleted;
    }

    private static String defaultTitle(String filename, DocumentText.Extracted text) {
        if (text.kind() == DocumentText.Kind.MARKDOWN) {
            var heading = text.text().lines().filter(l -> l.startsWith("# ")).map(l -> l.substring(2).strip()).findFirst();
            if (heading.isPresent() && !heading.get().isEmpty()) {
                return heading.get();
            }
        }
        return filename.replaceAll("^.*[/\\\\]", "").replaceFirst("\\.[^.]*$", "");
    }
}
