package org.c5c3.forge.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One finding per vulnerability of a package. Databases publish one vulnerability several times
 * (PyPA's {@code PYSEC-…}, GitHub's {@code GHSA-…}, each an alias of the other and of the
 * {@code CVE-…}); findings of one package whose names overlap are merged: the most severe record
 * gives the id, rating and summary, the others' names become aliases, fixes are pooled, and it is
 * accepted when any of them is.
 */
final class AliasedFindings {
  private AliasedFindings() {}

  /** {@code findings} all concern one package, whose versions {@code order} compares. */
  static List<Finding> merge(List<Finding> findings, VersionOrder order) {
    List<List<Finding>> groups = new ArrayList<>();
    List<Set<String>> names = new ArrayList<>();
    for (Finding f : findings) {
      Set<String> own = namesOf(f);
      List<Integer> overlapping = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        if (names.get(i).stream().anyMatch(own::contains)) {
          overlapping.add(i);
        }
      }
      List<Finding> group = new ArrayList<>(List.of(f));
      Set<String> groupNames = new LinkedHashSet<>(own);
      // A finding may join groups that were apart until now: fold them into one.
      for (int k = overlapping.size() - 1; k >= 0; k--) {
        int i = overlapping.get(k);
        group.addAll(groups.remove(i));
        groupNames.addAll(names.remove(i));
      }
      groups.add(group);
      names.add(groupNames);
    }
    List<Finding> merged = new ArrayList<>();
    for (List<Finding> group : groups) {
      merged.add(group.size() == 1 ? group.get(0) : mergeGroup(group, order));
    }
    return merged;
  }

  private static Finding mergeGroup(List<Finding> group, VersionOrder order) {
    Finding lead = group.stream()
        .sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::id))
        .findFirst()
        .orElseThrow();
    Set<String> aliases = new TreeSet<>();
    Set<String> fixes = new LinkedHashSet<>();
    Finding accepted = null;
    for (Finding f : group) {
      aliases.addAll(namesOf(f));
      fixes.addAll(f.fixedIn());
      if (accepted == null && f.accepted()) {
        accepted = f;
      }
    }
    aliases.removeIf(a -> a.equalsIgnoreCase(lead.id()));
    List<String> fixedIn = new ArrayList<>(fixes);
    fixedIn.sort((a, b) -> compareQuietly(order, a, b));
    return new Finding(lead.id(), List.copyOf(aliases), lead.severity(), lead.summary(), lead.component(),
        lead.advisoryPackage(), lead.purl(), fixedIn, lead.advisorySource(),
        accepted == null ? null : accepted.acceptedBecause(), accepted == null ? null : accepted.acceptedAt());
  }

  private static Set<String> namesOf(Finding f) {
    Set<String> names = new LinkedHashSet<>();
    names.add(f.id().toUpperCase(Locale.ROOT));
    f.aliases().forEach(a -> names.add(a.toUpperCase(Locale.ROOT)));
    return names;
  }

  private static int compareQuietly(VersionOrder order, String a, String b) {
    try {
      return order.compare(a, b);
    } catch (IllegalArgumentException e) {
      return a.compareTo(b);
    }
  }
}
