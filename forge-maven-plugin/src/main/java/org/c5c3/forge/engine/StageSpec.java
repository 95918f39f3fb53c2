package org.c5c3.forge.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The discarded build stage: run one script in a container, take one directory out.
 *
 * @param image the image to start from (local name or registry reference)
 * @param platform {@code linux/arm64}-style platform, or null for the host's
 * @param mounts bind mounts into the container
 * @param env environment of the script
 * @param script a POSIX shell script run with {@code sh -c}
 * @param exportPath the absolute path in the container to copy out after the script succeeded
 * @param exportTo the host directory that receives it (replaced)
 */
public record StageSpec(
    String image,
    String platform,
    List<Mount> mounts,
    Map<String, String> env,
    String script,
    String exportPath,
    Path exportTo) {

  /** A bind mount; {@code readOnly} mounts are enforced by the engine. */
  public record Mount(Path hostPath, String containerPath, boolean readOnly) {
    String spec() {
      return hostPath.toAbsolutePath() + ":" + containerPath + (readOnly ? ":ro" : "");
    }
  }
}
