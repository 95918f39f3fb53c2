package org.c5c3.forge.constraints;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Finds names that look like a mistyped one, so "no pin for oslo.mesaging" can add "did you mean
 * oslo.messaging?". Compares normalised names by edit distance (at most a quarter of the
 * length, and at least 2), and also accepts names that contain the wanted one (e.g. {@code
 * novaclient} finds {@code python-novaclient}), ranked after a single typo.
 */
final class CloseNames {
  private CloseNames() {}

  static List<PackageName> find(PackageName wanted, Collection<PackageName> among, int max) {
    String w = wanted.normalized();
    int limit = Math.max(2, w.length() / 4);
    record Scored(PackageName name, int score) {}
    List<Scored> found = new ArrayList<>();
    for (PackageName candidate : among) {
      String c = candidate.normalized();
      int distance = distance(w, c, limit);
      // Scores are doubled so that containment ranks between one and two edits.
      if (distance <= limit) {
        found.add(new Scored(candidate, 2 * distance));
      } else if (w.length() >= 4 && (c.contains(w) || w.contains(c) && c.length() >= 4)) {
        found.add(new Scored(candidate, 3));
      }
    }
    found.sort(Comparator.comparingInt(Scored::score).thenComparing(Scored::name));
    return found.stream().limit(max).map(Scored::name).toList();
  }

  /** Levenshtein distance, giving up (returning limit + 1) once it must exceed {@code limit}. */
  static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = current[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int edit = Math.min(current[j - 1] + 1, previous[j] + 1);
        current[j] = Math.min(edit, previous[j - 1] + cost);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
