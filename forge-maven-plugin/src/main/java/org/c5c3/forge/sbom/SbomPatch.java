package org.c5c3.forge.sbom;

import java.util.List;
import java.util.Objects;

/**
 * A patch in effect in the image, for its component's {@code pedigree.patches}.
 *
 * @param component the service's distribution name (a service patch) or a library's
 *     distribution name ({@code oslo.messaging}, a library patch); compared PEP 503-normalised
 * @param fileName the patch file's name ({@code 0001-Fix-token-expiry.patch})
 * @param diffText the patch file's contents, recorded verbatim
 * @param resolves the issues its header names, in header order
 */
public record SbomPatch(String component, String fileName, String diffText, List<IssueRef> resolves) {
  public SbomPatch {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(diffText, "diffText");
    resolves = resolves == null ? List.of() : List.copyOf(resolves);
  }
}
