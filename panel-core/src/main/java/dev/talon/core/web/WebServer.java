package dev.talon.core.web;

import dev.talon.core.settings.Themes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Builds the Javalin application: one config block with the request pipeline (authenticate →
 * CSRF → add-on routes → core routes), error mapping, static assets and security headers.
 * Tests build the same application through this class.
 */
public final class WebServer {

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; "
            + "form-action 'self'; base-uri 'self'; object-src 'none'";

    private final Javalin app;
    private final Set<String> corePaths = ConcurrentHashMap.newKeySet();
    private final Set<CoreRoute> coreRoutes = ConcurrentHashMap.newKeySet();

    /** A route registered by the core: HTTP method and path pattern as written ({@code /admin/users/{id}}). */
    public record CoreRoute(String method, String path) {}

    public WebServer(Authenticator authenticator, AddonRouter addonRouter, Errors errors, Themes themes,
                     MeterRegistry metrics, List<RouteModule> modules) {
        this.app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = 10L * 1024 * 1024;
            config.jetty.modifyServer(server -> {
                var errorHandler = new ErrorHandler();
                errorHandler.setShowStacks(false);
                errorHandler.setShowMessageInTitle(false);
                server.setErrorHandler(errorHandler);
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/assets";
                files.directory = "/public";
                files.location = Location.CLASSPATH;
                files.headers = java.util.Map.of("Cache-Control", "public, max-age=3600");
            });
            config.staticFiles.enableWebjars();
            config.events.handlerAdded(meta -> {
                corePaths.add(meta.getPath());
                coreRoutes.add(new CoreRoute(meta.getHttpMethod().name(), meta.getPath()));
            });

            config.routes.before(ctx -> {
                ctx.attribute("talon.start", System.nanoTime());
                securityHeaders(ctx);
                authenticator.resolve(ctx);
                Gate.checkCsrf(ctx);
                addonRouter.dispatch(ctx);
            });
            config.routes.after(ctx -> {
                Long start = ctx.attribute("talon.start");
                if (start != null) {
                    Timer.builder("talon.http.requests").tag("method", ctx.method().name())
                            .tag("status", String.valueOf(ctx.statusCode()))
                            .register(metrics).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            });
            config.routes.get("/theme/{name}.css", ctx -> {
                byte[] css = themes.css(ctx.pathParam("name")).orElseThrow(() -> new NotFoundResponse("No such theme."));
                ctx.contentType("text/css; charset=utf-8").header("Cache-Control", "no-cache").result(css);
            });
            modules.forEach(m -> m.register(config.routes));
            errors.install(config);
        });
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", CSP);
    }

    /** Paths registered by the core; add-on routes may not reuse them. */
    public Set<String> corePaths() {
        return Set.copyOf(corePaths);
    }

    /** Every endpoint the core registered, with its method (the route table security tests walk). */
    public Set<CoreRoute> coreRoutes() {
        return Set.copyOf(coreRoutes);
    }

    public WebServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public void stop() {
        app.stop();
    }
}
