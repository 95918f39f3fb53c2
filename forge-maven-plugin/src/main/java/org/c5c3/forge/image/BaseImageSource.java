package org.c5c3.forge.image;

import java.nio.file.Path;

/**
 * Where Jib reads the service image's base (python-base) from: a registry reference pinned by
 * digest, or, for a build that pushes nothing, a docker-archive tarball the engine exported.
 */
public record BaseImageSource(String reference, Path tarball) {

  public static BaseImageSource registry(String reference) {
    return new BaseImageSource(reference, null);
  }

  public static BaseImageSource tarball(String name, Path tarball) {
    return new BaseImageSource(name, tarball);
  }

  public boolean isTarball() {
    return tarball != null;
  }

  @Override
  public String toString() {
    return isTarball() ? "tar://" + tarball : reference;
  }
}
