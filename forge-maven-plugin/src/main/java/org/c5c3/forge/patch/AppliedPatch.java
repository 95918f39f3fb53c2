package org.c5c3.forge.patch;

import java.util.List;
import java.util.Objects;

/**
 * A patch that was applied, and the work-tree paths it touched (both sides of a rename).
 *
 * @param patch the patch
 * @param files paths relative to the work tree, sorted
 */
public record AppliedPatch(PatchFile patch, List<String> files) {
  public AppliedPatch {
    Objects.requireNonNull(patch, "patch");
    files = List.copyOf(files);
  }
}
