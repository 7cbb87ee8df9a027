package dev.talon.api.events;

import java.time.Instant;

/** Something that happened in the panel. Events are immutable records. */
public interface PanelEvent {

    /** When it happened. */
    Instant at();
}
