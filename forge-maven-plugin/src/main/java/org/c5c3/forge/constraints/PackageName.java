package org.c5c3.forge.constraints;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * A Python distribution name. Two names are equal when their PEP 503 normalised forms are, so
 * {@code oslo.messaging}, {@code oslo_messaging} and {@code Oslo-Messaging} are one name:
 * upper-constraints spells names as their projects do ({@code glance_store}, {@code PasteDeploy}),
 * while people and patch directories often spell them differently. The original spelling is kept
 * for display and for writing the effective constraints file.
 */
public final class PackageName implements Comparable<PackageName> {
  /** PEP 508 name: ASCII letters and digits, with '.', '_' and '-' inside only. */
  private static final Pattern VALID =
      Pattern.compile("[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]");

  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  private final String original;
  private final String normalized;

  private PackageName(String original) {
    this.original = original;
    this.normalized = normalize(original);
  }

  /**
   * The PEP 503 normalised form of any spelling, valid or not (advisory databases and wheel
   * metadata are not checked against PEP 508 first): runs of {@code -_.} become one {@code -},
   * lower case.
   */
  public static String normalize(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  /**
   * The name as spelled.
   *
   * @throws ForgeException if {@code name} is not a valid PEP 508 distribution name
   */
  public static PackageName of(String name) {
    if (!isValid(name)) {
      throw new ForgeException(
          "'" + name + "' is not a Python distribution name: use ASCII letters and digits, with"
              + " '.', '_' or '-' only between them (PEP 508)");
    }
    return new PackageName(name);
  }

  /** Whether {@code name} is a valid PEP 508 distribution name. */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** The spelling this name was created with, e.g. {@code oslo.messaging}. */
  public String original() {
    return original;
  }

  /** The PEP 503 normalised form, e.g. {@code oslo-messaging}. */
  public String normalized() {
    return normalized;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PackageName && ((PackageName) o).normalized.equals(normalized);
  }

  @Override
  public int hashCode() {
    return normalized.hashCode();
  }

  /** Orders by normalised form, so the order does not depend on spelling. */
  @Override
  public int compareTo(PackageName other) {
    return normalized.compareTo(Objects.requireNonNull(other).normalized);
  }

  /** The original spelling. */
  @Override
  public String toString() {
    return original;
  }
}
