package org.c5c3.forge.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether one {@code affected[]} entry of an advisory covers an installed version, by the OSV
 * evaluation rules: the version is listed in {@code versions}, or an {@code ECOSYSTEM} range's
 * events, in version order, leave it inside an interval ({@code introduced} opens one, {@code fixed}
 * closes it before that version, {@code last_affected} closes it after). {@code GIT} ranges name
 * commits, not versions, and are not evaluated here.
 */
final class AffectedVersions {
  /**
   * @param fixedIn versions that fix it above the installed one, lowest first
   * @param problem why part of the entry could not be evaluated; null when all of it was
   */
  record Verdict(boolean affected, List<String> fixedIn, String problem) {}

  private AffectedVersions() {}

  static Verdict evaluate(OsvAdvisory.Affected entry, String installed, VersionOrder order) {
    List<String> problems = new ArrayList<>();
    boolean affected = false;
    for (String listed : entry.versions()) {
      if (listed.equals(installed) || sameVersion(listed, installed, order)) {
        affected = true;
      }
    }
    List<String> fixedIn = new ArrayList<>();
    for (OsvAdvisory.Range range : entry.ranges()) {
      if (!"ECOSYSTEM".equals(range.type())) {
        continue;
      }
      try {
        affected |= inRange(range, installed, order);
        for (OsvAdvisory.Event e : range.events()) {
          if ("fixed".equals(e.kind()) && order.compare(e.version(), installed) > 0) {
            fixedIn.add(e.version());
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    fixedIn.sort((a, b) -> order.compare(a, b));
    return new Verdict(affected, List.copyOf(fixedIn), problems.isEmpty() ? null : String.join("; ", problems));
  }

  private static boolean inRange(OsvAdvisory.Range range, String installed, VersionOrder order) {
    List<OsvAdvisory.Event> events = new ArrayList<>(range.events());
    events.removeIf(e -> "limit".equals(e.kind())); // limits bound GIT ranges only
    Comparator<OsvAdvisory.Event> byVersion = (a, b) -> {
      if (isOrigin(a) || isOrigin(b)) {
        return Boolean.compare(!isOrigin(a), !isOrigin(b));
      }
      return order.compare(a.version(), b.version());
    };
    events.sort(byVersion);
    boolean affected = false;
    for (OsvAdvisory.Event e : events) {
      switch (e.kind()) {
        case "introduced" -> {
          if (isOrigin(e) || order.compare(installed, e.version()) >= 0) {
            affected = true;
          }
        }
        case "fixed" -> {
          if (order.compare(installed, e.version()) >= 0) {
            affected = false;
          }
        }
        case "last_affected" -> {
          if (order.compare(installed, e.version()) > 0) {
            affected = false;
          }
        }
        default -> { } // an event kind this scan does not know decides nothing
      }
    }
    return affected;
  }

  /** {@code introduced: "0"}: affected since the first version. */
  private static boolean isOrigin(OsvAdvisory.Event e) {
    return "introduced".equals(e.kind()) && "0".equals(e.version());
  }

  private static boolean sameVersion(String a, String b, VersionOrder order) {
    try {
      return order.same(a, b);
    } catch (IllegalArgumentException e) {
      return false; // a listed version of another scheme is no match
    }
  }
}
