package org.c5c3.forge.constraints;

import java.util.Objects;

/**
 * How the effective constraints differ from upstream for one name: what the SBOM records as
 * "the pin moved from ... to ..., because ...".
 *
 * <p>{@code from} and {@code to} are the version, or {@code version;marker} for a line with a
 * marker; several lines of one name are joined with {@code ", "}, e.g. {@code
 * 4.10.0;python_version=='3.9', 5.2.0;python_version>='3.10'}.
 *
 * @param name the name, in the spelling of the effective file
 * @param from the upstream pin, or null if upstream does not pin the name (an addition)
 * @param to the effective pin, or null if the name was removed
 * @param reason why, from the override's '# reason' or the caller of {@link
 *     EffectiveConstraints#pin}; empty when none was given
 * @param origin where the change comes from, e.g. {@code constraints/2025.2/overrides.txt:7}
 */
public record ConstraintChange(
    PackageName name, String from, String to, String reason, String origin) {
  public ConstraintChange {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(origin, "origin");
  }

  /** One line for logs and reports: {@code oslo.messaging 17.0.0 -> 17.1.0 (why) [origin]}. */
  public String describe() {
    String what = (from == null ? "(unpinned)" : from) + " -> " + (to == null ? "(removed)" : to);
    return name + " " + what + (reason.isEmpty() ? "" : " (" + reason + ")") + " [" + origin + "]";
  }
}
