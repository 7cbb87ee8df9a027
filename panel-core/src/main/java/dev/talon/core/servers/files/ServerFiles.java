package dev.talon.core.servers.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * File operations inside one server folder: every client path goes through {@link SafePaths},
 * files are opened with {@code NOFOLLOW_LINKS}, and deletes never follow links. Size limits: text
 * read and written through the editor up to {@link #TEXT_LIMIT}, uploads up to
 * {@link #UPLOAD_LIMIT} a file. Stateless apart from the root; thread-safe.
 */
public final class ServerFiles {

    public static final long TEXT_LIMIT = 5L * 1024 * 1024;
    public static final long UPLOAD_LIMIT = 8L * 1024 * 1024;
    private static final int MAX_ENTRIES = 5_000;

    /** One entry of a listing (Pterodactyl's {@code file_object}). */
    public record Entry(String name, String mode, String modeBits, long size, boolean file, boolean symlink,
            String mimetype, long createdAt, long modifiedAt) {}

    private final Path root;

    public ServerFiles(Path root) {
        this.root = root;
    }

    public Path resolve(String clientPath) {
        return SafePaths.resolve(root, clientPath);
    }

    /** The entries of a folder, folders first, then by name. */
    public List<Entry> list(String directory) {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileProblem(FileProblem.Kind.NOT_FOUND, "The requested directory does not exist.");
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.limit(MAX_ENTRIES).forEach(child -> entries.add(entry(child)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.sort(Comparator.comparing((Entry e) -> e.file()).thenComparing(Entry::name));
        return entries;
    }

    private static Entry entry(Path path) {
        try {
            BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String bits = "644";
            String mode = (basic.isDirectory() ? "d" : basic.isSymbolicLink() ? "l" : "-") + "rw-r--r--";
            try {
                var posix = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String perms = PosixFilePermissions.toString(posix.permissions());
                mode = mode.charAt(0) + perms;
                bits = Integer.toOctalString(octal(perms));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the defaults
            }
            String name = path.getFileName().toString();
            String mime = basic.isDirectory() ? "inode/directory" : basic.isSymbolicLink() ? "inode/symlink" : mimeOf(name);
            return new Entry(name, mode, bits, basic.size(), basic.isRegularFile(), basic.isSymbolicLink(), mime,
                    basic.creationTime().toMillis(), basic.lastModifiedTime().toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int octal(String perms) {
        int value = 0;
        for (int i = 0; i < 9; i++) {
            value = (value << 1) | (perms.charAt(i) == '-' ? 0 : 1);
        }
        return value;
    }

    private static String mimeOf(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".json")) return "application/json";
        if (lower.endsWith(".jar") || lower.endsWith(".zip")) return "application/zip";
        if (lower.endsWith(".png")) return "image/png";
        if (lower.endsWith(".gz")) return "application/gzip";
        return "text/plain";
    }

    /** A regular file's text (UTF-8), if it is at most {@link #TEXT_LIMIT} bytes and is text. */
    public String readText(String file) {
        Path path = regularFile(file);
        try {
            if (Files.size(path) > TEXT_LIMIT) {
                throw new FileProblem(FileProblem.Kind.TOO_LARGE, "The file is larger than " + TEXT_LIMIT / (1024 * 1024) + " MB.");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes((int) TEXT_LIMIT + 1);
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FileProblem(FileProblem.Kind.UNSUITABLE, "The file is not UTF-8 text; download it instead.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a regular file for download (links are not followed). */
    public InputStream open(String file) {
        Path path = regularFile(file);
        try {
            return Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String fileName(String file) {
        return regularFile(file).getFileName().toString();
    }

    private Path regularFile(String file) {
        Path path = resolve(file);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileProblem(FileProblem.Kind.NOT_FOUND, "The requested file does not exist.");
        }
        return path;
    }

    /** Writes (creates or replaces) a file from at most {@code limit} bytes of {@code content}; returns whether it existed. */
    public boolean write(String file, InputStream content, long limit) {
        Path path = resolve(file);
        if (path.equals(resolve("/")) || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileProblem(FileProblem.Kind.UNSUITABLE, "That path is a folder.");
        }
        boolean existed = Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        Path temp = null;
        try {
            Files.createDirectories(path.getParent());
            temp = Files.createTempFile(path.getParent(), ".talon-upload", ".tmp");
            long written = 0;
            try (OutputStream out = Files.newOutputStream(temp, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = content.read(buffer)) > 0) {
                    written += n;
                    if (written > limit) {
                        throw new FileProblem(FileProblem.Kind.TOO_LARGE, "The file is larger than " + limit / (1024 * 1024) + " MB.");
                    }
                    out.write(buffer, 0, n);
                }
            }
            // a rename replaces a link at the target itself, never the file it points to
            Files.move(temp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            temp = null;
            return existed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file stays inside the server folder
                }
            }
        }
    }

    /**
     * Whether a file starts with {@code #!} — a script the game server's host could execute whatever
     * its name. Recorded with file writes for the security monitor; false when it cannot be read.
     */
    public boolean startsWithShebang(String file) {
        try (InputStream in = Files.newInputStream(resolve(file), LinkOption.NOFOLLOW_LINKS)) {
            return in.read() == '#' && in.read() == '!';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Renames {@code from} to {@code to} (both client paths); never replaces an existing entry. */
    public void rename(String from, String to) {
        Path source = resolve(from);
        Path target = resolve(to);
        Path rootReal = resolve("/");
        if (source.equals(rootReal) || target.equals(rootReal)) {
            throw new FileProblem(FileProblem.Kind.REFUSED, "The server folder itself can't be renamed.");
        }
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileProblem(FileProblem.Kind.NOT_FOUND, "The file to rename does not exist.");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.move(source, target);
        } catch (FileAlreadyExistsException e) {
            throw new FileProblem(FileProblem.Kind.EXISTS, "Something named " + to + " already exists.");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a file, link or folder (recursively, never following links). */
    public void delete(String clientPath) {
        Path path = resolve(clientPath);
        if (path.equals(resolve("/"))) {
            throw new FileProblem(FileProblem.Kind.REFUSED, "The server folder itself can't be deleted.");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileProblem(FileProblem.Kind.NOT_FOUND, "The file to delete does not exist.");
        }
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }

    /** Creates folder {@code name} in {@code directory}. */
    public void createFolder(String directory, String name) {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new FileProblem(FileProblem.Kind.UNSUITABLE, "The folder name must be one path segment.");
        }
        Path path = resolve((directory == null ? "/" : directory) + "/" + name);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileProblem(FileProblem.Kind.EXISTS, "Something named " + name + " already exists.");
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
