package dev.talon.api.web;

/**
 * Front-end libraries the host serves to every page (WebJars), so add-ons don't ship their own
 * copies. Pages must load scripts as files: the Content-Security-Policy forbids inline scripts.
 * The layout already loads htmx and sends the CSRF token with every htmx request.
 */
public final class FrontEnd {

    /** htmx, loaded by the layout on every page. */
    public static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";

    /** Chart.js (UMD build, global {@code Chart}); include it where a page draws charts. */
    public static final String CHART_JS = "/webjars/chart.js/4.5.1/dist/chart.umd.js";

    /** The CSRF token of the page is in {@code <meta name="csrf-token" content="…">}. */
    public static final String CSRF_META = "csrf-token";

    private FrontEnd() {}
}
