package dev.talon.ai.ollama;

import java.util.Locale;

/**
 * The part of the add-on a request serves. Every call names one, so metrics can say who uses the
 * model; an enum keeps the metric label set bounded.
 */
public enum Feature {
  CHAT,
  ANALYSIS,
  CONSOLE,
  HELP,
  GATEWAY,
  ADMIN;

  /** The metric tag value, e.g. {@code chat}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
