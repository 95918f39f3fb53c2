package org.c5c3.forge.image;

import java.time.Instant;
import java.util.Map;

/**
 * The runtime image's configuration besides its layers.
 *
 * @param user numeric user (and group) the image runs as
 * @param environment variables set on top of python-base's (PATH in full)
 * @param labels OCI labels
 * @param created the image's creation time; taken from the source commit so rebuilds agree
 * @param platform {@code os/arch} to take from a multi-platform base, or null for the host's
 */
public record ImageConfig(String user, Map<String, String> environment, Map<String, String> labels, Instant created,
    String platform) {

  public ImageConfig(String user, Map<String, String> environment, Map<String, String> labels, Instant created) {
    this(user, environment, labels, created, null);
  }
}
