package org.c5c3.forge.tags;

import java.util.Objects;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * One tag an image is pushed under.
 *
 * @param name the tag, valid under the OCI distribution grammar
 *     {@code [A-Za-z0-9_][A-Za-z0-9._-]{0,127}}
 * @param immutable whether the tag must never be moved to other content (see {@link
 *     ImmutableTagGuard})
 * @param kind what the tag says about the image
 */
public record ImageTag(String name, boolean immutable, TagKind kind) {

  /** The tag grammar of the OCI distribution specification. */
  public static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

  public ImageTag {
    Objects.requireNonNull(kind, "kind");
    requireValid(name, kind.policyName() + " tag");
  }

  /** A tag of this kind, with the kind's mutability. */
  public static ImageTag of(TagKind kind, String name) {
    return new ImageTag(name, kind.immutable(), kind);
  }

  /**
   * Returns {@code name} if it is a valid tag, else throws naming it and {@code what} it was meant
   * to be.
   */
  static String requireValid(String name, String what) {
    if (name == null || !GRAMMAR.matcher(name).matches()) {
      throw new ForgeException(
          "'" + name + "' is not a valid " + what + ": an OCI tag is 1 to 128 characters of"
              + " [A-Za-z0-9_.-] and does not start with '.' or '-'.");
    }
    return name;
  }

  @Override
  public String toString() {
    return name + (immutable ? " (immutable " : " (mutable ") + kind.policyName() + ")";
  }
}
