package org.c5c3.forge.scan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.c5c3.forge.ForgeException;
import us.springett.cvss.Cvss;

/**
 * How bad an advisory is, on the four-step scale scanners share, plus {@link #UNKNOWN} for
 * advisories that rate nothing (Debian's do not). The order is the gate's: a policy fails on a
 * level and everything above it.
 */
public enum Severity {
  UNKNOWN,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /**
   * A rating written as text by an advisory database: GitHub's {@code MODERATE}, Ubuntu's
   * {@code negligible}/{@code untriaged}, or the plain names. Null for text that is no rating.
   */
  static Severity fromText(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.strip().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> CRITICAL;
      case "HIGH", "IMPORTANT" -> HIGH;
      case "MEDIUM", "MODERATE" -> MEDIUM;
      case "LOW", "NEGLIGIBLE" -> LOW;
      case "UNKNOWN", "UNTRIAGED", "UNIMPORTANT", "NONE" -> UNKNOWN;
      default -> null;
    };
  }

  /** The CVSS qualitative rating of a v2, v3.0 or v3.1 vector's base score; null if unreadable. */
  static Severity fromCvssVector(String vector) {
    Cvss cvss;
    try {
      cvss = vector == null ? null : Cvss.fromVector(vector.strip());
    } catch (RuntimeException e) {
      return null;
    }
    if (cvss == null) {
      return null; // CVSS v4 and anything else the calculator does not know
    }
    double score = cvss.calculateScore().getBaseScore();
    if (score >= 9.0) {
      return CRITICAL;
    }
    if (score >= 7.0) {
      return HIGH;
    }
    return score >= 4.0 ? MEDIUM : score > 0 ? LOW : UNKNOWN;
  }

  /**
   * The gate threshold of {@code forge.scan.failOn}: {@code none} (report only), {@code any}
   * (every finding, unrated ones included), or a level.
   */
  public static Severity threshold(String failOn) {
    String value = failOn == null ? "" : failOn.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "none" -> null;
      case "any" -> UNKNOWN;
      case "low" -> LOW;
      case "medium" -> MEDIUM;
      case "high" -> HIGH;
      case "critical" -> CRITICAL;
      default -> throw new ForgeException(
          "forge.scan.failOn is '" + failOn + "'; use none, any, low, medium, high or critical");
    };
  }

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
