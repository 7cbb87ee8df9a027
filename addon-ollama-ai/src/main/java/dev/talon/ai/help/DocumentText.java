package dev.talon.ai.help;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The text of an uploaded help document: Markdown and plain text as UTF-8, PDF through Apache
 * PDFBox. Every refusal is an {@link Unreadable} whose message tells the administrator what to do.
 * Stateless and thread-safe; a PDF is parsed in memory (uploads are size-limited before this).
 */
public final class DocumentText {

    /** What kind of document a file is, by its name. */
    public enum Kind { MARKDOWN, TEXT, PDF }

    /** The extracted text of a file of {@code kind}. */
    public record Extracted(Kind kind, String text) {}

    /** A file that can't become a help document; the message is for the administrator. */
    public static final class Unreadable extends RuntimeException {
        public Unreadable(String message) {
            super(message);
        }
    }

    public Extracted extract(String filename, byte[] bytes) {
        Kind kind = kind(filename);
        String text = kind == Kind.PDF ? pdf(bytes) : utf8(bytes);
        text = text.replace("\r\n", "\n").replace('\r', '\n').replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        if (text.isBlank()) {
            throw new Unreadable(kind == Kind.PDF ? "The PDF has no text to index (a scanned image?). Upload a version with text."
                    : "The file is empty.");
        }
        return new Extracted(kind, text.strip());
    }

    public static Kind kind(String filename) {
        String name = filename == null ? "" : filename.toLowerCase(Locale.ROOT);
        if (name.endsWith(".md") || name.endsWith(".markdown")) {
            return Kind.MARKDOWN;
        }
        if (name.endsWith(".txt") || name.endsWith(".text")) {
            return Kind.TEXT;
        }
        if (name.endsWith(".pdf")) {
            return Kind.PDF;
        }
        throw new Unreadable("Only Markdown (.md), plain text (.txt) and PDF (.pdf) files can be uploaded; \""
                + (filename == null ? "" : filename) + "\" is none of these.");
    }

    private static String utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new Unreadable("The file is not UTF-8 text. Save it as UTF-8 and upload it again.");
        }
    }

    private static String pdf(byte[] bytes) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            if (pdf.isEncrypted() && !pdf.getCurrentAccessPermission().canExtractContent()) {
                throw new Unreadable("The PDF is protected against copying its text. Upload an unprotected copy.");
            }
            return new PDFTextStripper().getText(pdf);
        } catch (InvalidPasswordException e) {
            throw new Unreadable("The PDF is encrypted with a password. Upload a copy without a password.");
        } catch (IOException e) {
            throw new Unreadable("The file is not a readable PDF (it may be damaged or not a PDF at all).");
        }
    }
}
