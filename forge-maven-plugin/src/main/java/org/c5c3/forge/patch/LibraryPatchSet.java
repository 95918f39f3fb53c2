package org.c5c3.forge.patch;

import java.util.Objects;

/**
 * A library to patch for one release: where its source comes from (from
 * {@code patches/<library>/library.properties}) and the patches to apply to it.
 *
 * @param library the distribution name, e.g. {@code oslo.messaging}
 * @param url the git URL of its source
 * @param ref the tag, branch or 40-hex commit to check out for this release
 * @param series the release's patches; never empty
 */
public record LibraryPatchSet(String library, String url, String ref, PatchSeries series) {
  public LibraryPatchSet {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(series, "series");
  }
}
