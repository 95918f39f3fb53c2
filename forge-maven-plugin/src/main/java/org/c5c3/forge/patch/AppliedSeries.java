package org.c5c3.forge.patch;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@link PatchApplier#apply} did: every patch of the series, in order, with the files each
 * touched.
 *
 * @param series the series that was applied
 * @param patches one entry per patch, in application order
 */
public record AppliedSeries(PatchSeries series, List<AppliedPatch> patches) {
  public AppliedSeries {
    Objects.requireNonNull(series, "series");
    patches = List.copyOf(patches);
  }

  /** Every path any patch touched, sorted. */
  public List<String> files() {
    TreeSet<String> all = new TreeSet<>();
    patches.forEach(p -> all.addAll(p.files()));
    return List.copyOf(all);
  }
}
