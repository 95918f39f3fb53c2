package org.c5c3.forge.tags;

import java.util.List;

/**
 * What a push should do with each tag, decided before anything is pushed.
 *
 * @param digest the digest of the image about to be pushed
 * @param toPush the tags to push: every mutable tag and each immutable tag the registry lacks
 * @param alreadyInPlace immutable tags that already point to {@code digest}; pushing them again
 *     would change nothing
 */
public record PushPlan(String digest, List<ImageTag> toPush, List<ImageTag> alreadyInPlace) {

  public PushPlan {
    toPush = List.copyOf(toPush);
    alreadyInPlace = List.copyOf(alreadyInPlace);
  }

  /** The names of the tags to push. */
  public List<String> tagNames() {
    return toPush.stream().map(ImageTag::name).toList();
  }

  /** A line for the build log. */
  public String summary() {
    StringBuilder line = new StringBuilder("push ").append(digest).append(" as ");
    line.append(toPush.isEmpty() ? "(nothing)" : String.join(", ", tagNames()));
    if (!alreadyInPlace.isEmpty()) {
      line.append("; already in place: ")
          .append(String.join(", ", alreadyInPlace.stream().map(ImageTag::name).toList()));
    }
    return line.toString();
  }
}
