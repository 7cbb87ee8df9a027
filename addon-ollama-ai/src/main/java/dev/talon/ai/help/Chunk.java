package dev.talon.ai.help;

/**
 * A passage of a document: what is indexed, retrieved and quoted to the model.
 *
 * @param ordinal its position in the whole corpus (the index's document id)
 * @param heading the section heading it belongs to, or the document title
 * @param text the passage, plain Markdown
 */
public record Chunk(int ordinal, HelpDocument document, String heading, String text) {

    /** A link to the section (the article page gives each heading an anchor). */
    public String href() {
        return document.href() + "#" + Chunker.anchor(heading);
    }

    /** Up to {@code max} characters of the text on one line, for result lists. */
    public String snippet(int max) {
        String flat = text.replaceAll("[#*`>_]", "").replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, flat.lastIndexOf(' ', max) > 0 ? flat.lastIndexOf(' ', max) : max) + "…";
    }
}
