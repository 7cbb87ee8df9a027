package dev.talon.core.web;

import io.javalin.config.RoutesConfig;

/** A feature's core routes; each feature package has one, registered by the composition root. */
@FunctionalInterface
public interface RouteModule {
    void register(RoutesConfig routes);
}
