package org.c5c3.forge.build;

import java.nio.file.Path;
import org.c5c3.forge.image.BaseImageSource;

/**
 * A base image as a service build uses it: the engine needs something it can start a container
 * from, Jib needs an archive or a registry reference, and both are pinned by {@link #digest}.
 *
 * @param repository e.g. {@code ghcr.io/c5c3/python-base}
 * @param digest manifest digest
 * @param localImage name in the engine's storage when built in this reactor, else null
 * @param archive docker-archive exported in this reactor, else null
 */
public record BaseImageRef(String repository, String digest, String localImage, Path archive) {

  /** From a base module's image.json. */
  public static BaseImageRef of(BaseImageRecord record) {
    return new BaseImageRef(record.repository, record.digest, record.localImage,
        record.archive == null ? null : Path.of(record.archive));
  }

  /** From a reference pinned by digest, e.g. passed down by CI. */
  public static BaseImageRef pinned(String reference) {
    int at = reference.indexOf('@');
    if (at < 0 || !reference.substring(at + 1).matches("sha256:[0-9a-f]{64}")) {
      throw new org.c5c3.forge.ForgeException("base image '" + reference
          + "' is not pinned by digest; pass <repository>@sha256:<64 hex>");
    }
    return new BaseImageRef(reference.substring(0, at), reference.substring(at + 1), null, null);
  }

  public String pinned() {
    return repository + "@" + digest;
  }

  /** What the engine starts a container from. */
  public String forEngine() {
    return localImage != null ? localImage : pinned();
  }

  /** What Jib reads. */
  public BaseImageSource forJib() {
    return archive != null ? BaseImageSource.tarball(pinned(), archive) : BaseImageSource.registry(pinned());
  }
}
