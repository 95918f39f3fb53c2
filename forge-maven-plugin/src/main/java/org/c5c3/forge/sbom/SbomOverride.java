package org.c5c3.forge.sbom;

import java.util.Objects;

/**
 * A constraint override in effect: the upstream pin of {@code name} moved.
 *
 * @param from the upstream pin's version; null if upstream had no pin (the override adds one)
 * @param to the version now pinned; null if the override removes the pin
 * @param reason why, from the overrides file's comment; may be null
 */
public record SbomOverride(String name, String from, String to, String reason) {
  public SbomOverride {
    Objects.requireNonNull(name, "name");
  }

  /** The property value: {@code from 5.1.0 to 5.2.1: fixes bug 2012345}. */
  String describe() {
    String text = "from " + (from == null ? "(no pin)" : from) + " to " + (to == null ? "(no pin)" : to);
    return reason == null || reason.isBlank() ? text : text + ": " + reason.strip();
  }
}
