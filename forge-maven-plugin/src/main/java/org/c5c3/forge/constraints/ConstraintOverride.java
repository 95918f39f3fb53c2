package org.c5c3.forge.constraints;

/**
 * One line of a release's {@code overrides.txt}.
 *
 * @param kind what the line does
 * @param name the name it applies to
 * @param version the new version; null for a removal
 * @param marker the line's own environment marker (after ';'), or null
 * @param reason the text after '#', trimmed; empty when the line gives none
 * @param origin {@code file:line}, for error messages and the SBOM
 * @param text the line as written
 */
public record ConstraintOverride(
    Kind kind,
    PackageName name,
    String version,
    String marker,
    String reason,
    String origin,
    String text) {

  /** What an override line does to the upstream pins. */
  public enum Kind {
    /** {@code name===version}: replaces every upstream line of the name. */
    REPLACE,
    /** {@code -name}: removes every upstream line of the name. */
    REMOVE,
    /** {@code +name===version}: pins a name upstream does not pin. */
    ADD
  }

  /** The pin line this override writes, or null for a removal. */
  ConstraintLine toLine(PackageName spelling, String eol) {
    return kind == Kind.REMOVE ? null : ConstraintLine.pin(spelling, version, marker, eol);
  }
}
