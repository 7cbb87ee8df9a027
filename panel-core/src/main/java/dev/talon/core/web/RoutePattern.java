package dev.talon.core.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled route path such as {@code /admin/ai/models/{name}}: literal segments match exactly,
 * {@code {name}} matches one non-empty segment (decoded by the servlet layer already).
 */
public final class RoutePattern {

    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9_]*)}");

    private final String path;
    private final Pattern regex;
    private final List<String> names;

    private RoutePattern(String path, Pattern regex, List<String> names) {
        this.path = path;
        this.regex = regex;
        this.names = names;
    }

    public static RoutePattern compile(String path) {
        if (!path.startsWith("/") || path.contains("//") || path.contains("..") || path.contains("*")) {
            throw new IllegalArgumentException("Route path must be absolute, without '..', '//' or '*': " + path);
        }
        var names = new ArrayList<String>();
        var regex = new StringBuilder();
        Matcher m = PARAM.matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start())));
            regex.append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        String body = regex.toString();
        return new RoutePattern(path, Pattern.compile(body + "/?"), List.copyOf(names));
    }

    /** The parameters when the path matches, otherwise {@code null}. */
    public Map<String, String> match(String requestPath) {
        Matcher m = regex.matcher(requestPath);
        if (!m.matches()) {
            return null;
        }
        var params = new LinkedHashMap<String, String>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), m.group(i + 1));
        }
        return params;
    }

    /**
     * Whether some request path would match both patterns, so two add-ons registering them for one
     * method would compete for the same requests. Segment by segment: two literal segments must be
     * equal; a segment holding a parameter is compared through its pattern, and two parameter
     * segments are taken to overlap (conservative: such a pair is ambiguous to read anyway).
     */
    public boolean overlaps(RoutePattern other) {
        String[] mine = segments(path);
        String[] theirs = segments(other.path);
        if (mine.length != theirs.length) {
            return false;
        }
        for (int i = 0; i < mine.length; i++) {
            boolean myParam = PARAM.matcher(mine[i]).find();
            boolean theirParam = PARAM.matcher(theirs[i]).find();
            if (!myParam && !theirParam && !mine[i].equals(theirs[i])) {
                return false;
            }
            if (myParam != theirParam) {
                String param = myParam ? mine[i] : theirs[i];
                String literal = myParam ? theirs[i] : mine[i];
                if (compile("/" + param).match("/" + literal) == null) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return trimmed.substring(1).split("/", -1);
    }

    public String path() {
        return path;
    }
}
