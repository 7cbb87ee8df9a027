package dev.talon.core.addons;

import dev.talon.api.AccessControl;
import dev.talon.api.ActivityLog;
import dev.talon.api.UserDirectory;
import dev.talon.api.events.EventBus;
import dev.talon.core.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;

/** The host services every add-on context is built from; one instance per panel. */
public record AddonServices(
        Database database,
        UserDirectory users,
        AccessControl access,
        ActivityLog activity,
        EventBus events,
        MeterRegistry metrics,
        Path dataDir,
        boolean developmentMode,
        Clock clock,
        Path addonsDir,
        java.util.Map<String, String> environment,
        dev.talon.api.servers.ServerDirectory servers,
        dev.talon.api.servers.ServerActions serverActions) {}
