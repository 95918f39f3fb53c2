package org.c5c3.forge.tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * Keeps immutable tags immutable: before anything is pushed, asks the registry what each
 * immutable tag points to and refuses the whole push if any of them points to other content.
 *
 * <p>Rebuilding the same commit gives the same digest (the builds are reproducible), so an
 * immutable tag that already holds the new digest is fine and simply not pushed again. A
 * different digest means the commit was built differently (a changed base image, a non-
 * reproducible step) and the tag would silently change meaning for everyone who pinned it.
 */
public final class ImmutableTagGuard {

  /** {@code algorithm:hex}, as the OCI image spec defines a digest. */
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

  private final TagLookup lookup;

  public ImmutableTagGuard(TagLookup lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /**
   * Decides what to push of {@code tags} for the image with {@code digest}.
   *
   * @param image the image repository, for messages (e.g. {@code ghcr.io/c5c3/keystone})
   * @throws ForgeException listing every immutable tag that holds other content; nothing may be
   *     pushed then
   */
  public PushPlan plan(String image, String digest, ImageTags tags) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new ForgeException("'" + digest + "' is not an image digest (algorithm:hex).");
    }
    List<ImageTag> toPush = new ArrayList<>();
    List<ImageTag> inPlace = new ArrayList<>();
    List<String> conflicts = new ArrayList<>();
    for (ImageTag tag : tags.all()) {
      if (!tag.immutable()) {
        toPush.add(tag);
        continue;
      }
      Optional<String> existing = lookup.digestOf(tag.name());
      if (existing.isEmpty()) {
        toPush.add(tag);
      } else if (existing.get().equals(digest)) {
        inPlace.add(tag);
      } else {
        conflicts.add("  " + image + ":" + tag.name() + " is " + existing.get() + ", this build is "
            + digest);
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ForgeException(
          "Refusing to push " + image + ": immutable tags already point to other content, and"
              + " immutable tags never move. Nothing was pushed.\n" + String.join("\n", conflicts)
              + "\nFind out why the same commit built differently (base image digest, a"
              + " non-reproducible step), or build from a new commit.");
    }
    return new PushPlan(digest, toPush, inPlace);
  }
}
