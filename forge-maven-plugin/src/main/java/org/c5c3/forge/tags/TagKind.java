package org.c5c3.forge.tags;

import java.util.Arrays;
import org.c5c3.forge.ForgeException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a tag says about an image. Each kind has a fixed mutability and a short name that
 * {@link TagPolicy} uses, so a policy string reads like the tag table in
 * docs/release-engineering.md.
 */
public enum TagKind {
  /** {@code 28.0.0}: the upstream version; moves to the newest build of that version. */
  VERSION("version", false),
  /** {@code 28.0.0-p1}: the upstream version plus the number of patches in effect. */
  PATCH("patch", false),
  /** {@code 2025.2-main}: the newest build of a release from a branch of this repository. */
  BRANCH("branch", false),
  /** {@code 2025.2-a1b2c3d}: the build of a release from one commit of this repository. */
  SHA("sha", true),
  /** {@code 28.0.0-p1-main-a1b2c3d}: everything at once; never moves. */
  COMPOSITE("composite", true),
  /** {@code latest}: a base image's newest build. */
  LATEST("latest", false),
  /** The full 40-hex commit of this repository, for base images. */
  COMMIT("commit", true),
  /** {@code 3.12-noble}: a base image's flavour (interpreter and distribution). */
  FLAVOUR("flavour", false);

  private final String policyName;
  private final boolean immutable;

  TagKind(String policyName, boolean immutable) {
    this.policyName = policyName;
    this.immutable = immutable;
  }

  /** The name used in a {@link TagPolicy} string. */
  public String policyName() {
    return policyName;
  }

  /** Whether a tag of this kind must never be moved to other content. */
  public boolean immutable() {
    return immutable;
  }

  /** The kind with this policy name, ignoring case; an error lists the known names. */
  public static TagKind byPolicyName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (TagKind kind : values()) {
      if (kind.policyName.equals(wanted)) {
        return kind;
      }
    }
    throw new ForgeException(
        "Unknown tag kind '" + name.trim() + "'. Known kinds: " + knownNames() + ".");
  }

  static String knownNames() {
    return Arrays.stream(values()).map(TagKind::policyName).collect(Collectors.joining(", "));
  }
}
