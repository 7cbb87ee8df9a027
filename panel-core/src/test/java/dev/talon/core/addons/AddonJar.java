package dev.talon.core.addons;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds a real PF4J add-on jar at test time, as an add-on's own Maven build would: Java sources
 * compiled against the test class path (which holds panel-api and PF4J, as {@code provided}
 * dependencies would), a manifest with the {@code Plugin-*} descriptor, {@code META-INF/extensions.idx}
 * naming the {@code PanelAddon} extension (what PF4J's annotation processor writes), and resources
 * such as Flyway migrations. {@link #installIn} places it as {@code addons/<id>/<id>-<version>.jar}.
 *
 * <p>Each part can be left out or spoiled on purpose, to build the broken add-ons the host must survive.
 */
public final class AddonJar {

    private final String id;
    private String version = "1.0.0";
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> resources = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private final Map<String, String> replacements = new LinkedHashMap<>();

    private AddonJar(String id) {
        this.id = id;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Provider", "Talon tests");
        manifest.put("Plugin-Description", "Test add-on " + id);
        manifest.put("Plugin-Requires", ">=1.0.0 & <2.0.0");
    }

    /** A new add-on with the given {@code Plugin-Id}, version 1.0.0, requiring panel-api 1.x. */
    public static AddonJar addon(String id) {
        return new AddonJar(id);
    }

    public AddonJar version(String newVersion) {
        this.version = newVersion;
        return this;
    }

    /** Sets a manifest attribute; {@code null} removes it (e.g. a descriptor without {@code Plugin-Id}). */
    public AddonJar manifest(String name, String value) {
        if (value == null) {
            manifest.remove(name);
        } else {
            manifest.put(name, value);
        }
        return this;
    }

    /** A Java source, by fully qualified class name. */
    public AddonJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A Java source read from the test resources (e.g. {@code addons/full/FullAddon.java}). */
    public AddonJar sourceFromResource(String className, String resource) {
        return source(className, text(resource));
    }

    /** Replaces a marker in every source before compiling (e.g. {@code @VERSION@}). */
    public AddonJar replacing(String marker, String value) {
        replacements.put(marker, value);
        return this;
    }

    /** A resource file in the jar, e.g. {@code db/full/V1__init.sql}. */
    public AddonJar resource(String path, String content) {
        resources.put(path, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Copies the classes of a package (and its sub-packages) from wherever the given class was
     * loaded into the jar, as a shaded or wrongly scoped dependency would end up in it.
     */
    public AddonJar bundling(Class<?> anyClassOfThePackage) {
        String prefix = anyClassOfThePackage.getPackageName().replace('.', '/') + "/";
        try {
            Path origin = Path.of(anyClassOfThePackage.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(origin)) {
                try (Stream<Path> files = Files.walk(origin.resolve(prefix))) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        resources.put(origin.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    }
                }
            } else {
                try (var jar = new java.util.jar.JarFile(origin.toFile())) {
                    for (var entry : java.util.Collections.list(jar.entries())) {
                        if (entry.getName().startsWith(prefix) && !entry.isDirectory()) {
                            resources.put(entry.getName(), jar.getInputStream(entry).readAllBytes());
                        }
                    }
                }
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot bundle " + prefix, e);
        }
        return this;
    }

    /** Lists a class in {@code META-INF/extensions.idx}; without any, the jar has no index. */
    public AddonJar extension(String className) {
        extensions.add(className);
        return this;
    }

    /** Compiles and writes the jar to {@code addonsDir/<id>/<id>-<version>.jar}; returns its path. */
    public Path installIn(Path addonsDir) {
        Path jar = addonsDir.resolve(id).resolve(id + "-" + version + ".jar");
        writeTo(jar);
        return jar;
    }

    /** Compiles and writes the jar to exactly this path. */
    public Path writeTo(Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            Path classes = compile();
            var mf = new Manifest();
            Attributes main = mf.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.forEach((k, v) -> main.putValue(k, v));
            if (manifest.containsKey("Plugin-Id")) {
                main.putValue("Plugin-Version", version);
            }
            try (var out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
                if (!extensions.isEmpty()) {
                    put(out, "META-INF/extensions.idx", (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                for (var resource : resources.entrySet()) {
                    put(out, resource.getKey(), resource.getValue());
                }
                try (Stream<Path> files = Files.walk(classes)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                    }
                }
            }
            deleteTree(classes.getParent());
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Writes bytes that are not a zip at all, as a corrupt download would be. */
    public static Path garbage(Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            return Files.writeString(jar, "this is not a jar");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path compile() throws IOException {
        Path work = Files.createTempDirectory("addon-" + id + "-");
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        var files = new ArrayList<Path>();
        for (var source : sources.entrySet()) {
            String code = source.getValue();
            for (var r : replacements.entrySet()) {
                code = code.replace(r.getKey(), r.getValue());
            }
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            files.add(Files.writeString(file, code));
        }
        if (files.isEmpty()) {
            return classes;
        }
        var compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var fileManager = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            // -proc:none: the index is written by hand above, so a test can also leave it out.
            List<String> options = List.of("--release", "21", "-proc:none", "-encoding", "UTF-8",
                    "-classpath", System.getProperty("java.class.path"), "-d", classes.toString());
            boolean ok = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!ok) {
                throw new AssertionError("The test add-on " + id + " does not compile:\n" + diagnostics.getDiagnostics());
            }
        }
        return classes;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    /** A text file from the test resources. */
    public static String text(String resource) {
        try (InputStream in = AddonJar.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource " + resource);
            }
            var buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
