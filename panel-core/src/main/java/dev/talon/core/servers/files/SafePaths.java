package dev.talon.core.servers.files;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a client-supplied path into a path inside one server folder, or refuses it. Client paths
 * are Pterodactyl's: {@code /} is the server folder, so {@code /etc/passwd} means the server's own
 * {@code etc/passwd}. Refused: NUL and backslashes, {@code ..} segments (also when still
 * percent-encoded once or twice: {@code %2e%2e}, {@code %252e%252e}), and any existing prefix whose
 * real path (links followed) is outside the folder's real path, including dangling links.
 *
 * <p>Operations then open files with {@code NOFOLLOW_LINKS}, so a link swapped in between this
 * check and the open is not followed for the last component. Stateless and thread-safe.
 */
public final class SafePaths {

    private static final int DECODE_ROUNDS = 3;

    private SafePaths() {}

    /** The relative segments of a client path, or a {@link FileProblem} of kind REFUSED. */
    public static List<String> segments(String clientPath) {
        if (clientPath == null) {
            return List.of();
        }
        String path = clientPath;
        for (int round = 0; round <= DECODE_ROUNDS; round++) {
            refuseUnsafe(path);
            if (!path.contains("%")) {
                break;
            }
            String decoded;
            try {
                decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                break; // a literal % that is no escape: harmless as a name
            }
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : clientPath.split("/")) {
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static void refuseUnsafe(String path) {
        if (path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
            throw new FileProblem(FileProblem.Kind.REFUSED, "The path contains characters that are not allowed.");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new FileProblem(FileProblem.Kind.REFUSED, "The path may not leave the server folder.");
            }
        }
    }

    /**
     * The path inside {@code root} that {@code clientPath} names. Every existing prefix is checked
     * with {@code toRealPath}, so a symbolic link (or a link in a parent folder) that points outside
     * the folder is refused; the part that does not exist yet cannot follow anything.
     */
    public static Path resolve(Path root, String clientPath) {
        Path rootReal;
        try {
            Files.createDirectories(root);
            rootReal = root.toRealPath();
        } catch (IOException e) {
            throw new FileProblem(FileProblem.Kind.NOT_FOUND, "The server folder is not available.");
        }
        Path current = rootReal;
        boolean existing = true;
        for (String segment : segments(clientPath)) {
            Path next = current.resolve(segment);
            if (!next.normalize().startsWith(rootReal) || next.getFileName() == null) {
                throw new FileProblem(FileProblem.Kind.REFUSED, "The path may not leave the server folder.");
            }
            if (existing && Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    next = next.toRealPath();
                } catch (IOException e) {
                    throw new FileProblem(FileProblem.Kind.REFUSED, "The path is a link that leads nowhere.");
                }
                if (!next.startsWith(rootReal)) {
                    throw new FileProblem(FileProblem.Kind.REFUSED, "The path is a link that leads out of the server folder.");
                }
            } else {
                existing = false;
            }
            current = next;
        }
        return current;
    }

    /** The client form ({@code /a/b}) of a path inside the folder. */
    public static String clientForm(Path root, Path inside) {
        try {
            Path relative = root.toRealPath().relativize(inside);
            return "/" + relative.toString().replace('\\', '/');
        } catch (IOException e) {
            throw new FileProblem(FileProblem.Kind.NOT_FOUND, "The server folder is not available.");
        }
    }
}
