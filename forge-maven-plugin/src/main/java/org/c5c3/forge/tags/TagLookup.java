package org.c5c3.forge.tags;

import java.util.Optional;

/** What a registry holds under a tag of one image repository. */
@FunctionalInterface
public interface TagLookup {

  /**
   * The digest ({@code sha256:…}) of the manifest or index the tag points to, or empty when the
   * tag (or the whole repository) does not exist.
   *
   * @throws org.c5c3.forge.ForgeException when the registry cannot be asked
   */
  Optional<String> digestOf(String tag);
}
