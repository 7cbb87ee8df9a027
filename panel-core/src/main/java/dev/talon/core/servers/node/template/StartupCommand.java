package dev.talon.core.servers.node.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a startup command template into the argument list for {@link ProcessBuilder}.
 *
 * <p>Why in this order: the template (written by an admin) is split into arguments first, and
 * only then is {@code {{NAME}}} replaced inside each argument. A value can therefore never add
 * arguments or reach a shell: {@code a b; rm -rf / $(id)} stays one literal argument. The
 * template may group words with single or double quotes; quotes are removed, no other shell
 * syntax means anything.
 */
public final class StartupCommand {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");

    private StartupCommand() {}

    /** Splits on whitespace outside quotes. */
    public static List<String> split(String template) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            } else {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in startup command: " + template);
        }
        if (inArg) {
            args.add(current.toString());
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("startup command is empty");
        }
        return args;
    }

    /** The names a template refers to, in order of first use. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * Renders the argument list. An argument that was only a placeholder and renders empty is
     * dropped (an optional flag left blank); every other argument is kept as one argument.
     *
     * @throws IllegalArgumentException when the template names a value that is not in {@code values}
     */
    public static List<String> render(String template, Map<String, String> values) {
        List<String> rendered = new ArrayList<>();
        for (String arg : split(template)) {
            Matcher matcher = PLACEHOLDER.matcher(arg);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String value = values.get(matcher.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("startup command uses unknown variable {{" + matcher.group(1) + "}}");
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            matcher.appendTail(out);
            boolean onlyPlaceholder = PLACEHOLDER.matcher(arg).matches();
            if (!(onlyPlaceholder && out.isEmpty())) {
                rendered.add(out.toString());
            }
        }
        if (rendered.isEmpty()) {
            throw new IllegalArgumentException("startup command renders to nothing");
        }
        return List.copyOf(rendered);
    }
}
