package dev.talon.core.settings;

import dev.talon.api.SettingsStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Themes are folders {@code themes/<name>/} holding {@code theme.css} (CSS variables and
 * overrides on top of the base stylesheet). The folder next to the panel wins, so an operator
 * can add or edit a theme without a rebuild; the jar carries the bundled ones.
 */
public final class Themes {

    public static final String SETTING = "theme";
    private static final List<String> BUNDLED = List.of("default", "dark");

    private final Path folder;
    private final SettingsStore coreSettings;

    public Themes(Path folder, SettingsStore coreSettings) {
        this.folder = folder;
        this.coreSettings = coreSettings;
    }

    public String current() {
        return coreSettings.get(SETTING).filter(this::exists).orElse("default");
    }

    public List<String> available() {
        var names = new TreeSet<>(BUNDLED);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> dirs = Files.list(folder)) {
                dirs.filter(d -> Files.isRegularFile(d.resolve("theme.css")))
                        .map(d -> d.getFileName().toString())
                        .filter(Themes::validName)
                        .forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(names);
    }

    /** Whether a theme can be served: one stat (or a jar look-up), no folder listing, as every page asks. */
    public boolean exists(String name) {
        return validName(name) && (Files.isRegularFile(folder.resolve(name).resolve("theme.css"))
                || Themes.class.getClassLoader().getResource("themes/" + name + "/theme.css") != null);
    }

    public void select(String name) {
        if (!exists(name)) {
            throw new IllegalArgumentException("No theme named \"" + name + "\"; available: " + available());
        }
        coreSettings.put(SETTING, name);
    }

    /** The stylesheet of the current theme. */
    public Optional<byte[]> css(String name) {
        if (!validName(name)) {
            return Optional.empty();
        }
        Path file = folder.resolve(name).resolve("theme.css");
        try {
            if (Files.isRegularFile(file)) {
                return Optional.of(Files.readAllBytes(file));
            }
            try (InputStream in = Themes.class.getClassLoader().getResourceAsStream("themes/" + name + "/theme.css")) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean validName(String name) {
        return name != null && name.matches("[a-z0-9][a-z0-9_-]{0,40}");
    }
}
