package dev.talon.ai.help;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The help articles shipped in the add-on jar under {@code /help/}: {@code index.txt} lists their
 * slugs in display order (a jar's folders can't be listed portably), each is {@code <slug>.md}.
 */
public final class BundledArticles {

    private BundledArticles() {}

    public static List<HelpDocument> load() {
        List<HelpDocument> out = new ArrayList<>();
        for (String slug : read("index.txt").lines().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            out.add(HelpDocument.of(slug, read(slug + ".md"), true));
        }
        return List.copyOf(out);
    }

    private static String read(String name) {
        try (InputStream in = BundledArticles.class.getResourceAsStream("/help/" + name)) {
            if (in == null) {
                throw new IllegalStateException("The add-on jar has no help/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
