package org.c5c3.forge.tags;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;

/**
 * The tags one image is pushed under, in a stable order (the order they are listed in
 * docs/release-engineering.md).
 *
 * <p>Service image, for upstream version {@code 28.0.0}, one patch, release {@code 2025.2}, this
 * repository on {@code main} at {@code a1b2c3d…}:
 *
 * <pre>
 *   28.0.0                    version    mutable
 *   28.0.0-p1                 patch      mutable    only when at least one patch is in effect
 *   2025.2-main               branch     mutable
 *   2025.2-a1b2c3d            sha        immutable
 *   28.0.0-p1-main-a1b2c3d    composite  immutable  always carries -p&lt;N&gt;, also -p0
 * </pre>
 *
 * <p>The branch and short-SHA tags carry the release because one commit of this repository builds
 * every release of a service into the same image repository: {@code keystone:a1b2c3d} could not
 * name both the 2025.1 and the 2025.2 image, and as an immutable tag the second push would be
 * refused.
 *
 * <p>Base image: {@code latest} (mutable), the full commit id (immutable) and a flavour such as
 * {@code 3.12-noble} (mutable).
 */
public final class ImageTags {

  private static final Pattern NOT_TAG_CHAR = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int MAX_TAG = 128;

  private final List<ImageTag> tags;

  private ImageTags(List<ImageTag> tags) {
    Set<String> seen = new LinkedHashSet<>();
    for (ImageTag tag : tags) {
      if (!seen.add(tag.name())) {
        throw new ForgeException(
            "Tag '" + tag.name() + "' would be made twice for one image: " + tags
                + ". Two tag kinds collide; check the version and branch names.");
      }
    }
    this.tags = List.copyOf(tags);
  }

  /** Wraps a list of tags; names must be distinct. */
  public static ImageTags of(List<ImageTag> tags) {
    return new ImageTags(tags);
  }

  /**
   * Every tag a service image can carry; {@link TagPolicy#select} then picks those for the branch.
   *
   * @param upstreamVersion the service's upstream version, e.g. {@code 28.0.0} (see {@link
   *     UpstreamVersion}); must already be a valid tag
   * @param patchCount the number of service and library patches in effect
   * @param release the OpenStack release, e.g. {@code 2025.2}
   * @param state this repository's branch and commit
   */
  public static ImageTags forService(
      String upstreamVersion, int patchCount, String release, RepositoryState state) {
    Objects.requireNonNull(state, "state");
    ImageTag.requireValid(upstreamVersion, "upstream version");
    ImageTag.requireValid(release, "release name");
    if (patchCount < 0) {
      throw new ForgeException("Patch count " + patchCount + " is negative.");
    }
    String branch = sanitiseBranch(state.branch());
    String patched = upstreamVersion + "-p" + patchCount;

    List<ImageTag> tags = new ArrayList<>();
    tags.add(ImageTag.of(TagKind.VERSION, upstreamVersion));
    // -p0 would say nothing the version tag does not already say.
    if (patchCount > 0) {
      tags.add(ImageTag.of(TagKind.PATCH, patched));
    }
    tags.add(ImageTag.of(TagKind.BRANCH, fit(release + "-", branch, "")));
    tags.add(ImageTag.of(TagKind.SHA, release + "-" + state.shortSha()));
    // The composite keeps one shape (always -p<N>) so it can be read back by a program.
    tags.add(ImageTag.of(TagKind.COMPOSITE, fit(patched + "-", branch, "-" + state.shortSha())));
    return new ImageTags(tags);
  }

  /**
   * The tags of a base image: {@code latest}, the full commit id of this repository and the
   * flavour, e.g. {@code 3.12-noble}.
   */
  public static ImageTags forBase(String flavour, RepositoryState state) {
    Objects.requireNonNull(state, "state");
    ImageTag.requireValid(flavour, "base image flavour");
    return new ImageTags(
        List.of(
            ImageTag.of(TagKind.LATEST, "latest"),
            ImageTag.of(TagKind.COMMIT, state.commit()),
            ImageTag.of(TagKind.FLAVOUR, flavour)));
  }

  /**
   * A branch name as a tag: {@code stable/2025.2} becomes {@code stable-2025.2}. Every character
   * the tag grammar does not allow becomes {@code -}, leading {@code .} and {@code -} are dropped.
   *
   * @throws ForgeException when nothing usable is left
   */
  public static String sanitiseBranch(String branch) {
    String cleaned = NOT_TAG_CHAR.matcher(branch == null ? "" : branch).replaceAll("-");
    cleaned = cleaned.replaceFirst("^[.-]+", "");
    if (cleaned.length() > MAX_TAG) {
      cleaned = cleaned.substring(0, MAX_TAG);
    }
    if (cleaned.isEmpty()) {
      throw new ForgeException(
          "Branch '" + branch + "' has no characters usable in an image tag ([A-Za-z0-9_.-]).");
    }
    return ImageTag.requireValid(cleaned, "tag made from branch '" + branch + "'");
  }

  /** Shortens the middle part so prefix+middle+suffix stays within the 128-character limit. */
  private static String fit(String prefix, String middle, String suffix) {
    int room = MAX_TAG - prefix.length() - suffix.length();
    if (room < 1) {
      throw new ForgeException(
          "Tag '" + prefix + middle + suffix + "' cannot be shortened to 128 characters.");
    }
    String kept = middle.length() > room ? middle.substring(0, room) : middle;
    return prefix + kept + suffix;
  }

  /** All tags, in order. */
  public List<ImageTag> all() {
    return tags;
  }

  /** The tag names, in order. */
  public List<String> names() {
    return tags.stream().map(ImageTag::name).collect(Collectors.toUnmodifiableList());
  }

  /** The tags that must never move. */
  public List<ImageTag> immutable() {
    return tags.stream().filter(ImageTag::immutable).collect(Collectors.toUnmodifiableList());
  }

  /** The tags that move to each new build. */
  public List<ImageTag> mutable() {
    return tags.stream().filter(t -> !t.immutable()).collect(Collectors.toUnmodifiableList());
  }

  /** The tag of the given kind, if this set has one. */
  public Optional<ImageTag> ofKind(TagKind kind) {
    return tags.stream().filter(t -> t.kind() == kind).findFirst();
  }

  public boolean isEmpty() {
    return tags.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTags other && other.tags.equals(tags);
  }

  @Override
  public int hashCode() {
    return tags.hashCode();
  }

  @Override
  public String toString() {
    return String.join(", ", names());
  }
}
