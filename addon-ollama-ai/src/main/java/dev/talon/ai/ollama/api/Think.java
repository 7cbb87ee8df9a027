package dev.talon.ai.ollama.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code think} request field: a boolean, or a level for models that take one. */
public enum Think {
  ON(Boolean.TRUE),
  OFF(Boolean.FALSE),
  LOW("low"),
  MEDIUM("medium"),
  HIGH("high");

  private final Object wire;

  Think(Object wire) {
    this.wire = wire;
  }

  @JsonValue
  Object wire() {
    return wire;
  }
}
