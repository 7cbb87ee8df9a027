package dev.talon.core.servers.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ActivityLog;
import dev.talon.api.ActivityLog.Activity;
import dev.talon.core.servers.ServerPermissions;
import dev.talon.core.servers.ServerService;
import dev.talon.core.servers.files.FileProblem;
import dev.talon.core.servers.files.ServerFiles;
import dev.talon.core.servers.web.ServerLookup;
import dev.talon.core.servers.web.ServerLookup.Access;
import dev.talon.core.web.Gate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pterodactyl's file endpoints ({@code /files/...}) on the local node: list, contents, download,
 * write, upload, rename, delete, create-folder. Paths arrive as query or body values and go
 * through {@link ServerFiles} (inside the server folder only). Pterodactyl hands out signed Wings
 * URLs for download and upload; Talon's "signed" URL is its own endpoint, under the same
 * authentication. Each change is an activity entry.
 */
public final class FileApi {

    private final ServerService service;
    private final ServerLookup lookup;
    private final ActivityLog activity;
    private final ObjectMapper json;

    public FileApi(ServerService service, ServerLookup lookup, ActivityLog activity, ObjectMapper json) {
        this.service = service;
        this.lookup = lookup;
        this.activity = activity;
        this.json = json;
    }

    void register(RoutesConfig routes, String server, Gate gate) {
        String files = server + "/files";
        routes.get(files + "/list", gate.api(mapped(this::list)));
        routes.get(files + "/contents", gate.api(mapped(this::contents)));
        routes.get(files + "/download", gate.api(mapped(this::downloadUrl)));
        routes.get(files + "/raw", gate.api(mapped(this::raw)));
        routes.post(files + "/write", gate.api(mapped(this::write)));
        routes.get(files + "/upload", gate.api(mapped(this::uploadUrl)));
        routes.post(files + "/upload", gate.api(mapped(this::upload)));
        routes.put(files + "/rename", gate.api(mapped(this::rename)));
        routes.post(files + "/delete", gate.api(mapped(this::delete)));
        routes.post(files + "/create-folder", gate.api(mapped(this::createFolder)));
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

    private ServerFiles files(Access access) {
        return new ServerFiles(service.node().serverDirectory(access.server().uuid()));
    }

    private void list(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_READ);
        List<Object> data = new ArrayList<>();
        for (ServerFiles.Entry e : files(access).list(ctx.queryParam("directory"))) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", e.name());
            a.put("mode", e.mode());
            a.put("mode_bits", e.modeBits());
            a.put("size", e.size());
            a.put("is_file", e.file());
            a.put("is_symlink", e.symlink());
            a.put("mimetype", e.mimetype());
            a.put("created_at", PteroJson.time(e.createdAt()));
            a.put("modified_at", PteroJson.time(e.modifiedAt()));
            data.add(PteroJson.object("file_object", a));
        }
        ctx.json(PteroJson.list(data));
    }

    private void contents(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        String file = required(ctx.queryParam("file"), "file");
        String text = files(access).readText(file);
        record(access, ctx, "server.file.read", Map.of("file", file));
        ctx.contentType("text/plain; charset=utf-8").result(text);
    }

    private void downloadUrl(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        String file = required(ctx.queryParam("file"), "file");
        files(access).fileName(file); // 404 now rather than on the follow-up request
        String url = "/api/client/servers/" + access.server().identifier() + "/files/raw?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8);
        ctx.json(PteroJson.object("signed_url", Map.of("url", url)));
    }

    private void raw(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_READ_CONTENT);
        String file = required(ctx.queryParam("file"), "file");
        ServerFiles files = files(access);
        String name = files.fileName(file).replace("\"", "");
        InputStream in = files.open(file);
        record(access, ctx, "server.file.download", Map.of("file", file));
        ctx.contentType("application/octet-stream").header("Content-Disposition", "attachment; filename=\"" + name + "\"").result(in);
    }

    private void write(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_UPDATE);
        String file = required(ctx.queryParam("file"), "file");
        ServerFiles files = files(access);
        if (!access.can(ServerPermissions.FILE_CREATE) && !java.nio.file.Files.exists(files.resolve(file))) {
            throw new io.javalin.http.ForbiddenResponse("This action is unauthorized: it needs the permission \"file.create\".");
        }
        files.write(file, ctx.bodyInputStream(), ServerFiles.TEXT_LIMIT);
        record(access, ctx, "server.file.write", files.startsWithShebang(file) ? Map.of("file", file, "shebang", true) : Map.of("file", file));
        ctx.status(204);
    }

    private void uploadUrl(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_CREATE);
        ctx.json(PteroJson.object("signed_url", Map.of("url", "/api/client/servers/" + access.server().identifier() + "/files/upload")));
    }

    private void upload(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_CREATE);
        String directory = ctx.queryParam("directory") == null ? "/" : ctx.queryParam("directory");
        List<UploadedFile> uploads = ctx.uploadedFiles("files");
        if (uploads.isEmpty()) {
            throw new HttpResponseException(422, "Send the files as multipart field \"files\".", Map.of());
        }
        ServerFiles files = files(access);
        List<String> names = new ArrayList<>();
        for (UploadedFile upload : uploads) {
            if (upload.size() > ServerFiles.UPLOAD_LIMIT) {
                throw new FileProblem(FileProblem.Kind.TOO_LARGE, upload.filename() + " is larger than "
                        + ServerFiles.UPLOAD_LIMIT / (1024 * 1024) + " MB.");
            }
            String name = upload.filename();
            if (name == null || name.isBlank() || name.contains("/")) {
                throw new FileProblem(FileProblem.Kind.REFUSED, "An uploaded file name must be one path segment.");
            }
            try (InputStream in = upload.content()) {
                files.write(directory + "/" + name, in, ServerFiles.UPLOAD_LIMIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            names.add(name);
        }
        List<String> scripts = names.stream().filter(n -> files.startsWithShebang(directory + "/" + n)).toList();
        record(access, ctx, "server.file.upload", scripts.isEmpty() ? Map.of("directory", directory, "files", names)
                : Map.of("directory", directory, "files", names, "shebang", scripts));
        ctx.status(204);
    }

    private void rename(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_UPDATE);
        JsonNode request = PteroJson.requestBody(ctx, json);
        String root = request.path("root").asText("/");
        ServerFiles files = files(access);
        List<Map<String, String>> renamed = new ArrayList<>();
        for (JsonNode pair : request.path("files")) {
            String from = root + "/" + required(pair.path("from").asText(null), "files.*.from");
            String to = root + "/" + required(pair.path("to").asText(null), "files.*.to");
            files.rename(from, to);
            renamed.add(Map.of("from", from, "to", to));
        }
        record(access, ctx, "server.file.rename", Map.of("directory", root, "files", renamed));
        ctx.status(204);
    }

    private void delete(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_DELETE);
        JsonNode request = PteroJson.requestBody(ctx, json);
        String root = request.path("root").asText("/");
        ServerFiles files = files(access);
        List<String> deleted = new ArrayList<>();
        for (JsonNode name : request.path("files")) {
            files.delete(root + "/" + name.asText());
            deleted.add(name.asText());
        }
        record(access, ctx, "server.file.delete", Map.of("directory", root, "files", deleted));
        ctx.status(204);
    }

    private void createFolder(Context ctx) {
        Access access = lookup.require(ctx, ServerPermissions.FILE_CREATE);
        JsonNode request = PteroJson.requestBody(ctx, json);
        String root = request.path("root").asText("/");
        String name = required(request.path("name").asText(null), "name");
        files(access).createFolder(root, name);
        record(access, ctx, "server.file.create-directory", Map.of("directory", root, "name", name));
        ctx.status(204);
    }

    private void record(Access access, Context ctx, String event, Map<String, Object> properties) {
        activity.record(new Activity(access.actorId(), event, access.server().subject(), ctx.ip(), properties));
    }


    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new HttpResponseException(422, "The " + field + " field is required.", Map.of());
        }
        return value;
    }
}
