package dev.talon.ai.files;

import dev.talon.api.AccessControl;
import dev.talon.api.PanelUser;
import dev.talon.api.servers.ServerDirectory;
import dev.talon.api.web.Area;
import dev.talon.api.web.Html;
import dev.talon.api.web.PageFragment;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads {@code ai-files.js} (the "Analyze" button) on the file manager's editor page
 * ({@code /server/{identifier}/files/edit}) for viewers who may read that server's file contents;
 * nothing elsewhere. The analyze route checks the permission again.
 */
public final class FilesScript implements PageFragment {

    private static final Pattern EDIT = Pattern.compile("^/server/([^/]+)/files/edit$");

    private final ServerDirectory servers;
    private final AccessControl access;
    private final BooleanSupplier enabled;

    public FilesScript(ServerDirectory servers, AccessControl access, BooleanSupplier enabled) {
        this.servers = servers;
        this.access = access;
        this.enabled = enabled;
    }

    @Override
    public Html render(PanelUser viewer, Area area, String path) {
        Matcher m = path == null ? null : EDIT.matcher(path);
        if (m == null || !m.matches() || !enabled.getAsBoolean()
                || servers.find(m.group(1)).filter(s -> access.can(viewer, AnalyzeRoute.READ_CONTENT, s.uuid())).isEmpty()) {
            return Html.text("");
        }
        return new Html("<script src=\"/ai/assets/ai-files.js\" defer></script>\n");
    }
}
