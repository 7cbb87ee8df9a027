package dev.talon.core.servers.web;

import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.api.web.Area;
import dev.talon.core.servers.GameServer;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.files.FileProblem;
import dev.talon.core.servers.files.ServerFiles;
import dev.talon.core.web.Gate;
import dev.talon.core.web.Pages;
import dev.talon.core.web.RouteModule;
import dev.talon.core.web.Shell;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The client file manager ({@code /server/{identifier}/files}): browse, open a text file in an
 * editor, save, create a folder, upload, delete. Plain forms (no script); the same
 * {@link ServerFiles} confinement and permissions as the file API; downloads use the API route.
 */
public final class FilePages implements RouteModule {

    /** The model of {@code servers/files.jte}. */
    public record FilesPage(Shell shell, GameServer server, String directory, String parent, List<ServerFiles.Entry> entries,
            boolean readContent, boolean create, boolean update, boolean delete, String error) {
        public String pathOf(String name) {
            return (directory.endsWith("/") ? directory : directory + "/") + name;
        }

        public static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /** The model of {@code servers/file-edit.jte}. */
    public record EditPage(Shell shell, GameServer server, String file, String directory, String text, boolean update) {}

    private final ServerService service;
    private final ServerLookup lookup;
    private final Pages pages;
    private final Gate gate;
    private final ActivityLog activity;

    public FilePages(ServerService service, ServerLookup lookup, Pages pages, Gate gate, ActivityLog activity) {
        this.service = service;
        this.lookup = lookup;
        this.pages = pages;
        this.gate = gate;
        this.activity = activity;
    }

    @Override
    public void register(RoutesConfig routes) {
        String base = "/server/{identifier}/files";
        routes.get(base, gate.client(mapped(this::browse)));
        routes.get(base + "/edit", gate.client(mapped(this::edit)));
        routes.post(base + "/edit", gate.client(mapped(this::save)));
        routes.post(base + "/folder", gate.client(mapped(this::folder)));
        routes.post(base + "/upload", gate.client(mapped(this::upload)));
        routes.post(base + "/delete", gate.client(mapped(this::delete)));
    }

    private static Handler mapped(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (FileProblem p) {
                throw new HttpResponseException(p.kind().status(), p.getMessage(), Map.of());
            }
        };
    }

    private ServerFiles files(ServerLookup.Access access) {
        return new ServerFiles(service.node().serverDirectory(access.server().uuid()));
    }

    private static String directory(Context ctx) {
        String value = ctx.queryParam("directory") != null ? ctx.queryParam("directory") : ctx.formParam("directory");
        return value == null || value.isBlank() ? "/" : value;
    }

    private void browse(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_READ);
        String directory = directory(ctx);
        var entries = files(access).list(directory);
        String trimmed = directory.replaceAll("/+$", "");
        String parent = trimmed.isEmpty() ? null : trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
        pages.render(ctx, "servers/files.jte", new FilesPage(pages.shell(ctx, "Files · " + access.server().name(), Area.CLIENT),
                access.server(), directory, parent, entries, access.can(ServerPermissions.FILE_READ_CONTENT),
                access.can(ServerPermissions.FILE_CREATE), access.can(ServerPermissions.FILE_UPDATE),
                access.can(ServerPermissions.FILE_DELETE), null));
    }

    private void edit(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        String file = required(ctx.queryParam("file"));
        String text = files(access).readText(file);
        String directory = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "/";
        pages.render(ctx, "servers/file-edit.jte", new EditPage(pages.shell(ctx, "Edit · " + file, Area.CLIENT), access.server(),
                file, directory, text, access.can(ServerPermissions.FILE_UPDATE)));
    }

    private void save(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_UPDATE);
        String file = required(ctx.formParam("file"));
        String text = ctx.formParam("content") == null ? "" : ctx.formParam("content");
        files(access).write(file, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ServerFiles.TEXT_LIMIT);
        record(access, ctx, "server.file.write", text.startsWith("#!") ? Map.of("file", file, "shebang", true) : Map.of("file", file));
        ctx.redirect(base(access) + "/edit?file=" + FilesPage.encode(file));
    }

    private void folder(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_CREATE);
        String directory = directory(ctx);
        String name = required(ctx.formParam("name"));
        files(access).createFolder(directory, name);
        record(access, ctx, "server.file.create-directory", Map.of("directory", directory, "name", name));
        ctx.redirect(base(access) + "?directory=" + FilesPage.encode(directory));
    }

    private void upload(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_CREATE);
        String directory = directory(ctx);
        ServerFiles files = files(access);
        for (UploadedFile upload : ctx.uploadedFiles("files")) {
            String name = upload.filename();
            if (name == null || name.isBlank() || name.contains("/") || upload.size() > ServerFiles.UPLOAD_LIMIT) {
                throw new FileProblem(FileProblem.Kind.REFUSED, "Each upload needs a plain file name and at most "
                        + ServerFiles.UPLOAD_LIMIT / (1024 * 1024) + " MB.");
            }
            try (InputStream in = upload.content()) {
                files.write(directory + "/" + name, in, ServerFiles.UPLOAD_LIMIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            record(access, ctx, "server.file.upload", files.startsWithShebang(directory + "/" + name)
                    ? Map.of("directory", directory, "files", List.of(name), "shebang", List.of(name))
                    : Map.of("directory", directory, "files", List.of(name)));
        }
        ctx.redirect(base(access) + "?directory=" + FilesPage.encode(directory));
    }

    private void delete(Context ctx) {
        var access = lookup.require(ctx, ServerPermissions.FILE_DELETE);
        String path = required(ctx.formParam("path"));
        files(access).delete(path);
        record(access, ctx, "server.file.delete", Map.of("files", List.of(path)));
        ctx.redirect(base(access) + "?directory=" + FilesPage.encode(directory(ctx)));
    }

    private static String base(ServerLookup.Access access) {
        return "/server/" + access.server().identifier() + "/files";
    }

    private void record(ServerLookup.Access access, Context ctx, String event, Map<String, Object> properties) {
        activity.record(new Activity(access.actorId(), event, access.server().subject(), ctx.ip(), properties));
    }

    private static String required(String value) {
        if (value == null || value.isBlank()) {
            throw new HttpResponseException(422, "A file or folder name is required.", Map.of());
        }
        return value;
    }
}
