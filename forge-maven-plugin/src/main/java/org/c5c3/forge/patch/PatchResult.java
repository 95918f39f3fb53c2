package org.c5c3.forge.patch;

import java.util.Objects;

/**
 * The outcome of checking one patch of a series.
 *
 * @param patch the patch
 * @param applied whether it applied on top of the patches before it
 * @param problem why it did not, in the same words a failing build uses; empty when applied
 */
public record PatchResult(PatchFile patch, boolean applied, String problem) {
  public PatchResult {
    Objects.requireNonNull(patch, "patch");
    Objects.requireNonNull(problem, "problem");
  }

  static PatchResult ok(PatchFile patch) {
    return new PatchResult(patch, true, "");
  }

  static PatchResult failed(PatchFile patch, String problem) {
    return new PatchResult(patch, false, problem);
  }
}
