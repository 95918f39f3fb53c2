package org.c5c3.forge.build;

import java.util.List;
import java.util.Optional;
import org.c5c3.forge.ForgeException;

/**
 * Which OpenStack release a build is for. A release is a Maven profile, chosen with
 * {@code -P<release>} or {@code -Dopenstack.release=<release>}; with neither, the default release
 * is built and the log says so. Names that look like a release but are not known fail early,
 * because Maven would otherwise fall back to the default profile silently.
 *
 * @param release the release being built
 * @param defaulted true when the user chose none
 */
public record ReleaseSelection(String release, boolean defaulted) {

  private static final String RELEASE_PATTERN = "\\d{4}\\.\\d+";

  /**
   * @param known releases this branch builds
   * @param defaultRelease the one built when none is chosen
   * @param requestedProperty {@code -Dopenstack.release}, or null
   * @param activeProfileIds profiles named with {@code -P}
   * @param activatedRelease the release the active profile set ({@code forge.release}), or null
   */
  public static ReleaseSelection resolve(List<String> known, String defaultRelease, String requestedProperty,
      List<String> activeProfileIds, String activatedRelease) {
    if (requestedProperty != null && !requestedProperty.isBlank()) {
      requireKnown(known, requestedProperty.strip(), "-Dopenstack.release=" + requestedProperty.strip());
      return new ReleaseSelection(requestedProperty.strip(), false);
    }
    Optional<String> fromProfile = activeProfileIds.stream().map(String::strip)
        .map(p -> p.startsWith("+") ? p.substring(1) : p).filter(p -> p.matches(RELEASE_PATTERN)).findFirst();
    if (fromProfile.isPresent()) {
      requireKnown(known, fromProfile.get(), "-P" + fromProfile.get());
      long count = activeProfileIds.stream().filter(p -> p.strip().matches("\\+?" + RELEASE_PATTERN)).count();
      if (count > 1) {
        throw new ForgeException("more than one release profile is active (" + String.join(", ", activeProfileIds)
            + "); build one release per run");
      }
      return new ReleaseSelection(fromProfile.get(), false);
    }
    if (activatedRelease != null && !activatedRelease.isBlank() && !activatedRelease.equals(defaultRelease)) {
      requireKnown(known, activatedRelease, "forge.release");
      return new ReleaseSelection(activatedRelease, false);
    }
    return new ReleaseSelection(defaultRelease, true);
  }

  private static void requireKnown(List<String> known, String release, String where) {
    if (!known.contains(release)) {
      throw new ForgeException("unknown OpenStack release '" + release + "' (" + where + "); this branch builds "
          + String.join(", ", known));
    }
  }
}
