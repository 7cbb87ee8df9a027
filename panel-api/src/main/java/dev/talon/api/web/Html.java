package dev.talon.api.web;

import java.util.Objects;

/**
 * A fragment of HTML that is safe to insert as is: either produced by a template engine that
 * escapes its data, or built with {@link #escape(String)}. Never wrap user or model text directly.
 *
 * @param value the markup
 */
public record Html(String value) {
    public Html {
        Objects.requireNonNull(value, "value");
    }

    /** Escapes text for use in element content and quoted attribute values. */
    public static Html text(String text) {
        return new Html(escape(text));
    }

    /** Escapes {@code & < > " '} so the text can't open tags or leave an attribute. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
