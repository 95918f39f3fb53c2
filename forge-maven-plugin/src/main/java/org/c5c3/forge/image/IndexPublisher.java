package org.c5c3.forge.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.registry.RegistryClient;

/**
 * Publishes a multi-platform image: each platform's image exactly as Jib wrote it into its OCI
 * archive (blobs, then the manifest by digest, untagged), then the {@link ImageIndex} under the
 * tags. The index goes last, so a tag never points at an index whose images are missing.
 */
public final class IndexPublisher {

  private final RegistryClient registry;
  private final Consumer<String> log;

  public IndexPublisher(RegistryClient registry, Consumer<String> log) {
    this.registry = registry;
    this.log = log;
  }

  /**
   * @param repository the repository inside the registry, e.g. {@code c5c3/keystone}
   * @return the index digest
   */
  public String publish(String repository, List<OciArchive> images, ImageIndex index, List<String> tags, Path scratch) {
    for (OciArchive image : images) {
      Path blobs = scratch.resolve(image.manifestDigest().replace(':', '-'));
      try {
        for (Path layer : image.extractLayers(blobs)) {
          registry.pushBlob(repository, Files.readAllBytes(layer));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        FileTrees.deleteRecursively(blobs);
      }
      registry.pushBlob(repository, image.configBytes());
      String pushed = registry.pushManifest(repository, image.manifestDigest(),
          "application/vnd.oci.image.manifest.v1+json", image.manifestBytes());
      if (!pushed.equals(image.manifestDigest())) {
        throw new ForgeException("the registry stored " + image.platform() + "'s manifest as " + pushed + ", not "
            + image.manifestDigest());
      }
      log.accept("pushed " + image.platform() + " image " + repository + "@" + pushed);
    }
    byte[] bytes = index.bytes();
    String digest = index.digest();
    for (String tag : tags) {
      String pushed = registry.pushManifest(repository, tag, ImageIndex.MEDIA_TYPE, bytes);
      if (!pushed.equals(digest)) {
        throw new ForgeException("the registry stored the index under " + tag + " as " + pushed + ", not " + digest);
      }
    }
    if (tags.isEmpty()) {
      registry.pushManifest(repository, digest, ImageIndex.MEDIA_TYPE, bytes);
    }
    log.accept("pushed index " + repository + "@" + digest + " as " + String.join(", ", tags));
    return digest;
  }
}
