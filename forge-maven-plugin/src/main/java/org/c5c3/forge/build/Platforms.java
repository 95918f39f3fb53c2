package org.c5c3.forge.build;

import java.util.ArrayList;
import java.util.List;
import org.c5c3.forge.ForgeException;

/**
 * The platforms one build produces. None named: the host's, one image, no index. Several: one
 * image per platform, each built in {@code target/forge/<os>-<arch>/}, and an OCI index over them.
 */
public final class Platforms {
  private Platforms() {}

  /** {@code linux/amd64,linux/arm64} → the list; blank → a single {@code null} (the host's). */
  public static List<String> parse(String commaSeparated) {
    List<String> result = new ArrayList<>();
    if (commaSeparated != null) {
      for (String p : commaSeparated.split(",")) {
        String platform = p.strip();
        if (platform.isEmpty()) {
          continue;
        }
        if (!platform.matches("[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?")) {
          throw new ForgeException("'" + platform + "' is not a platform (os/arch[/variant], e.g. linux/arm64)");
        }
        if (result.contains(platform)) {
          throw new ForgeException("platform " + platform + " is named twice in forge.platforms");
        }
        result.add(platform);
      }
    }
    if (result.isEmpty()) {
      result.add(null);
    }
    return result;
  }

  /** The work subdirectory of a platform: {@code linux/arm64} → {@code linux-arm64}. */
  public static String slug(String platform) {
    return platform.replace('/', '-');
  }

  /** The architecture of {@code linux/arm64[/v8]}: {@code arm64}. */
  public static String architecture(String platform) {
    return platform.split("/")[1];
  }
}
