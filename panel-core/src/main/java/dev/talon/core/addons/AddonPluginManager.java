package dev.talon.core.addons;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.BasePluginRepository;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginStatusProvider;

/**
 * PF4J over Talon's add-on layout: each add-on is a folder {@code addons/<id>/} holding its jar
 * (the one whose manifest has {@code Plugin-Id}), optional {@code lib/*.jar} and its
 * {@code config/}. A bare jar in {@code addons/} also works. Enabled/disabled state lives in the
 * panel database, so PF4J's own status files are not used.
 *
 * <p>Class loading is add-on first, then the panel: the contract ({@code panel-api}) and the
 * libraries it exposes must be {@code provided} in the add-on so both sides share one {@code Class}.
 */
final class AddonPluginManager extends DefaultPluginManager {

    AddonPluginManager(List<Path> roots, String panelApiVersion) {
        super(roots);
        setSystemVersion(panelApiVersion);
        setExactVersionAllowed(false);
    }

    /** Paths of add-ons currently present in the folders (loaded or not). */
    List<Path> pluginPaths() {
        return pluginRepository.getPluginPaths();
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new BasePluginRepository(getPluginsRoots(), file -> (file.isDirectory() && mainJar(file.toPath()).isPresent())
                || (file.isFile() && file.getName().endsWith(".jar")));
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new ManifestPluginDescriptorFinder() {
            @Override
            public boolean isApplicable(Path path) {
                return Files.exists(path) && (Files.isDirectory(path) ? mainJar(path).isPresent() : path.toString().endsWith(".jar"));
            }

            @Override
            protected Manifest readManifest(Path path) {
                Path jar = Files.isDirectory(path)
                        ? mainJar(path).orElseThrow(() -> new PluginRuntimeException("No add-on jar in " + path))
                        : path;
                return readManifestFromJar(jar);
            }
        };
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new PluginLoader() {
            @Override
            public boolean isApplicable(Path path) {
                return Files.exists(path);
            }

            @Override
            public ClassLoader loadPlugin(Path path, PluginDescriptor descriptor) {
                var loader = new PluginClassLoader(AddonPluginManager.this, descriptor, getClass().getClassLoader(),
                        ClassLoadingStrategy.PDA);
                for (Path jar : jars(path)) {
                    try {
                        loader.addURL(jar.toUri().toURL());
                    } catch (MalformedURLException e) {
                        throw new PluginRuntimeException(e, "Bad path {}", jar);
                    }
                }
                return loader;
            }
        };
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {}

            @Override
            public void enablePlugin(String pluginId) {}
        };
    }

    /** The add-on's jar plus {@code lib/*.jar}, or the path itself for a bare jar. */
    static List<Path> jars(Path path) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> top = Files.list(path); Stream<Path> lib = Files.isDirectory(path.resolve("lib")) ? Files.list(path.resolve("lib")) : Stream.empty()) {
            return Stream.concat(top, lib).filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar in an add-on folder whose manifest names a {@code Plugin-Id}. */
    static Optional<Path> mainJar(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().filter(AddonPluginManager::hasPluginId).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean hasPluginId(Path jar) {
        try (var file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue(ManifestPluginDescriptorFinder.PLUGIN_ID) != null;
        } catch (IOException e) {
            return false;
        }
    }

    static String folderName(Path path) {
        File file = path.toFile();
        return file.getName().replaceAll("\\.jar$", "");
    }
}
