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
 * <p>Class loading is add-on first, then the panel, except for the contract ({@code panel-api}) and
 * the libraries whose types cross it ({@link #SHARED_PACKAGES}): those always come from the panel,
 * so both sides share one {@code Class} even when an add-on bundles a copy by mistake (which would
 * otherwise make its {@code PanelAddon} invisible to the host). Add-ons should still mark them
 * {@code provided}.
 */
final class AddonPluginManager extends DefaultPluginManager {

    /** Packages loaded only from the panel: panel-api and the libraries its signatures expose. */
    static final List<String> SHARED_PACKAGES = List.of("dev.talon.api.", "io.javalin.", "org.eclipse.jetty.", "jakarta.servlet.",
            "org.jdbi.v3.", "io.micrometer.", "picocli.", "gg.jte.", "org.slf4j.");

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
        // A folder with any jar is an add-on: one whose jars lack a descriptor is then reported, not silently skipped.
        return new BasePluginRepository(getPluginsRoots(), file -> (file.isDirectory() && !jars(file.toPath()).isEmpty())
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
                        ? mainJar(path).orElseThrow(() -> new PluginRuntimeException(noDescriptor(path)))
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
                var loader = new AddonClassLoader(AddonPluginManager.this, descriptor, AddonPluginManager.class.getClassLoader());
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

    /** Add-on first (then its dependencies, then the panel), except for {@link #SHARED_PACKAGES}. */
    static final class AddonClassLoader extends PluginClassLoader {
        AddonClassLoader(AddonPluginManager manager, PluginDescriptor descriptor, ClassLoader panel) {
            super(manager, descriptor, panel, ClassLoadingStrategy.PDA);
        }

        @Override
        protected boolean shouldDelegateToParent(String className) {
            return super.shouldDelegateToParent(className) || isShared(className);
        }
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

    static boolean isShared(String className) {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Why a folder has no add-on jar, naming each jar and what is wrong with it. */
    private static String noDescriptor(Path folder) {
        var problems = jars(folder).stream().filter(jar -> jar.getParent().equals(folder)).map(jar -> {
            try (var file = new JarFile(jar.toFile())) {
                return jar.getFileName() + " has no Plugin-Id in its manifest";
            } catch (IOException e) {
                return jar.getFileName() + " is not a readable jar (" + e.getMessage() + ")";
            }
        }).toList();
        return "No add-on jar in " + folder + ": " + (problems.isEmpty() ? "no jar at the top of the folder" : String.join("; ", problems));
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
