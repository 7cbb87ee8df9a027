package dev.talon.ai.help;

import dev.talon.ai.web.AiPages;
import dev.talon.api.ActivityLog;
import dev.talon.api.Registrar;
import dev.talon.api.web.Area;
import dev.talon.api.web.HttpMethod;
import dev.talon.api.web.Request;
import dev.talon.api.web.Route;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Admin page for uploaded help documents ({@code /admin/ai/help-documents}): list, upload
 * (multipart, CSRF-checked by the host, at most {@value #MAX_BYTES} bytes) and delete. A refused
 * upload shows the page again with status 422 and the reason; stored documents are untouched.
 * Admin area: anyone else gets the host's 404.
 */
public final class HelpDocumentRoutes {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    private static final String BASE = "/admin/ai/help-documents";

    /** The page's model. */
    public record DocumentsPage(List<UploadedDocuments.Stored> documents, String csrf, String error, String title) {
        public int maxMegabytes() {
            return MAX_BYTES / (1024 * 1024);
        }
    }

    private final HelpLibrary library;
    private final AiPages pages;
    private final ActivityLog activity;

    public HelpDocumentRoutes(HelpLibrary library, AiPages pages, ActivityLog activity) {
        this.library = library;
        this.pages = pages;
        this.activity = activity;
    }

    public void register(Registrar registrar) {
        registrar.route(Route.of(Area.ADMIN, HttpMethod.GET, BASE, r -> show(r, null, "")));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, BASE, this::upload));
        registrar.route(Route.of(Area.ADMIN, HttpMethod.POST, BASE + "/{id}/delete", this::delete));
    }

    private void show(Request r, String error, String title) {
        pages.render(r, "Help documents", "help/documents.jte", new DocumentsPage(library.uploads(), r.csrfToken(), error, title));
    }

    private void upload(Request r) throws IOException {
        String title = r.ctx().formParam("title");
        title = title == null ? "" : title.strip();
        UploadedFile file = r.ctx().uploadedFile("file");
        if (file == null || file.filename() == null || file.filename().isBlank()) {
            refuse(r, "Choose a file to upload.", title);
            return;
        }
        if (file.size() > MAX_BYTES) {
            refuse(r, "\"" + file.filename() + "\" is larger than " + MAX_BYTES / (1024 * 1024) + " MB.", title);
            return;
        }
        byte[] bytes;
        try (InputStream in = file.content()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            refuse(r, "\"" + file.filename() + "\" is larger than " + MAX_BYTES / (1024 * 1024) + " MB.", title);
            return;
        }
        try {
            var saved = library.upload(file.filename(), title, bytes, r.user().id());
            activity.record(new ActivityLog.Activity(r.user().id(), saved.replaced() ? "ai.help.document.replaced" : "ai.help.document.uploaded",
                    "ai-help-document:" + saved.stored().id(), r.ctx().ip(),
                    Map.of("file", saved.stored().filename(), "kind", saved.stored().kind().name().toLowerCase())));
            r.flashOk((saved.replaced() ? "Replaced " : "Uploaded ") + saved.stored().title() + "; the help centre has re-indexed.");
            r.ctx().redirect(BASE);
        } catch (DocumentText.Unreadable e) {
            refuse(r, "\"" + file.filename() + "\" was not added: " + e.getMessage(), title);
        }
    }

    private void refuse(Request r, String message, String title) {
        r.ctx().status(422);
        show(r, message, title);
    }

    private void delete(Request r) {
        long id = r.pathParam("id").matches("\\d{1,18}") ? Long.parseLong(r.pathParam("id")) : -1;
        var doc = library.uploads().stream().filter(d -> d.id() == id).findFirst();
        if (doc.isPresent() && library.delete(id)) {
            activity.record(new ActivityLog.Activity(r.user().id(), "ai.help.document.deleted", "ai-help-document:" + id, r.ctx().ip(),
                    Map.of("file", doc.get().filename())));
            r.flashOk("Deleted " + doc.get().title() + "; the help centre has re-indexed.");
        } else {
            r.flashError("That document does not exist.");
        }
        r.ctx().redirect(BASE);
    }
}
