package dev.talon.ai.reports;

import dev.talon.ai.markdown.SafeMarkdown;
import dev.talon.api.web.Html;
import java.util.ArrayList;
import java.util.List;

/**
 * A report's Markdown as HTML: the prose through {@link SafeMarkdown} (escaped, safe links), and
 * the pipe tables a report writes — which CommonMark without extensions leaves as text — as
 * HTML tables with escaped cells. Thread-safe.
 */
public final class ReportHtml {

    private final SafeMarkdown markdown;

    public ReportHtml(SafeMarkdown markdown) {
        this.markdown = markdown;
    }

    public Html render(String md) {
        var out = new StringBuilder();
        var prose = new ArrayList<String>();
        var table = new ArrayList<String>();
        for (String line : md.split("\n", -1)) {
            if (line.startsWith("|")) {
                flushProse(prose, out);
                table.add(line);
            } else {
                flushTable(table, out);
                prose.add(line);
            }
        }
        flushTable(table, out);
        flushProse(prose, out);
        return new Html(out.toString());
    }

    private void flushProse(List<String> prose, StringBuilder out) {
        if (!prose.isEmpty()) {
            out.append(markdown.render(String.join("\n", prose)));
            prose.clear();
        }
    }

    private static void flushTable(List<String> rows, StringBuilder out) {
        if (rows.isEmpty()) {
            return;
        }
        out.append("<table>");
        for (int i = 0; i < rows.size(); i++) {
            if (i == 1 && rows.get(i).matches("\\|[-:| ]+\\|?")) {
                continue; // the header separator
            }
            String tag = i == 0 ? "th" : "td";
            out.append("<tr>");
            for (String cell : cells(rows.get(i))) {
                boolean bold = cell.startsWith("**") && cell.endsWith("**") && cell.length() > 4;
                String text = Html.escape(bold ? cell.substring(2, cell.length() - 2) : cell);
                out.append('<').append(tag).append('>').append(bold ? "<strong>" + text + "</strong>" : text)
                        .append("</").append(tag).append('>');
            }
            out.append("</tr>");
        }
        out.append("</table>");
        rows.clear();
    }

    private static List<String> cells(String row) {
        String inner = row.strip();
        inner = inner.substring(1, inner.endsWith("|") && inner.length() > 1 ? inner.length() - 1 : inner.length());
        var cells = new ArrayList<String>();
        for (String c : inner.split("\\|", -1)) {
            cells.add(c.strip());
        }
        return cells;
    }
}
