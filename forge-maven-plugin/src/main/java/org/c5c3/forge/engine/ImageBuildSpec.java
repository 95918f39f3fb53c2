package org.c5c3.forge.engine;

import java.nio.file.Path;
import java.util.Map;

/**
 * One Containerfile build.
 *
 * @param containerfile the Containerfile
 * @param context the build context directory
 * @param tag the local name the result gets
 * @param buildArgs {@code --build-arg} values
 * @param labels OCI labels set on the result
 * @param platform {@code linux/amd64}-style platform, or null for the host's
 * @param timestamp fixed creation and file time of the new layers (reproducible builds), or null
 */
public record ImageBuildSpec(
    Path containerfile,
    Path context,
    String tag,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    String platform,
    java.time.Instant timestamp) {

  public ImageBuildSpec(Path containerfile, Path context, String tag, Map<String, String> buildArgs,
      Map<String, String> labels, String platform) {
    this(containerfile, context, tag, buildArgs, labels, platform, null);
  }
}
