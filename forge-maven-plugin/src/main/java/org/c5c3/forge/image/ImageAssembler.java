package org.c5c3.forge.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;

/**
 * Assembles and publishes images with Jib, daemonless: a base (a docker-archive the engine
 * exported, or a registry reference pinned by digest) plus file layers plus config, in OCI
 * format, to an OCI archive or to a registry.
 *
 * <p>Every image forge publishes goes through here, base images included: Jib compresses layers
 * deterministically, so python-base's layers get the same digests whether they are pushed as
 * python-base or reach a service image through an exported archive. Jib's output is a pure
 * function of its inputs, so an archive and the pushed image have the same digest.
 */
public final class ImageAssembler {

  private final Path baseLayersCache;
  private final Path scratchDir;
  private final boolean allowInsecureRegistries;
  private final List<RegistryCredential> credentials;
  private final Consumer<String> log;

  /**
   * @param baseLayersCache Jib's cache of base image layers (shared across builds)
   * @param scratchDir where a fresh application-layer cache is made per build: Jib reuses cached
   *     application layers by file modification time, not content, and forge's times are fixed
   */
  public ImageAssembler(Path baseLayersCache, Path scratchDir, boolean allowInsecureRegistries,
      List<RegistryCredential> credentials, Consumer<String> log) {
    this.baseLayersCache = baseLayersCache;
    this.scratchDir = scratchDir;
    this.allowInsecureRegistries = allowInsecureRegistries;
    this.credentials = credentials;
    this.log = log;
  }

  /** The image as an OCI archive at {@code tarball}, named {@code imageName}; returns the manifest digest. */
  public String toArchive(BaseImageSource base, List<FileEntriesLayer> layers, ImageConfig config,
      String imageName, Path tarball) {
    TarImage target = TarImage.at(tarball).named(reference(imageName));
    return containerize(base, layers, config, Containerizer.to(target), imageName);
  }

  /** Pushes the image to {@code imageRef} plus {@code extraTags}; returns the manifest digest. */
  public String toRegistry(BaseImageSource base, List<FileEntriesLayer> layers, ImageConfig config,
      String imageRef, List<String> extraTags) {
    ImageReference ref = reference(imageRef);
    RegistryImage target = RegistryImage.named(ref);
    credentialRetrievers(ref).forEach(target::addCredentialRetriever);
    Containerizer containerizer = Containerizer.to(target);
    extraTags.forEach(containerizer::withAdditionalTag);
    return containerize(base, layers, config, containerizer, imageRef);
  }

  private String containerize(BaseImageSource base, List<FileEntriesLayer> layers, ImageConfig config,
      Containerizer containerizer, String what) {
    Path appCache = null;
    try {
      Files.createDirectories(scratchDir);
      appCache = Files.createTempDirectory(scratchDir, "jib-app-cache");
      JibContainerBuilder builder = from(base).setFormat(ImageFormat.OCI).setFileEntriesLayers(layers)
          .setCreationTime(config.created());
      // Unset fields keep python-base's values: Jib inherits the base image's config.
      if (config.user() != null) {
        builder.setUser(config.user());
      }
      config.environment().forEach(builder::addEnvironmentVariable);
      config.labels().forEach(builder::addLabel);
      if (config.platform() != null && !base.isTarball()) {
        // A registry base may be an index: take this platform's image from it.
        String[] p = config.platform().split("/");
        builder.setPlatforms(java.util.Set.of(new com.google.cloud.tools.jib.api.buildplan.Platform(p[1], p[0])));
      }
      containerizer.setAllowInsecureRegistries(allowInsecureRegistries)
          .setBaseImageLayersCache(baseLayersCache).setApplicationLayersCache(appCache)
          .setToolName("forge").addEventHandler(LogEvent.class, e -> {
            if (e.getLevel() == LogEvent.Level.ERROR || e.getLevel() == LogEvent.Level.WARN) {
              log.accept("jib: " + e.getMessage());
            }
          });
      JibContainer container = builder.containerize(containerizer);
      DescriptorDigest digest = container.getDigest();
      return digest.toString();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ForgeException("assembling " + what + " on " + base + " failed: " + cause.getClass().getSimpleName()
          + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException("interrupted while assembling " + what, e);
    } catch (IOException | com.google.cloud.tools.jib.api.CacheDirectoryCreationException
        | com.google.cloud.tools.jib.api.RegistryException e) {
      throw new ForgeException("assembling " + what + " on " + base + " failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(appCache);
    }
  }

  private JibContainerBuilder from(BaseImageSource base) {
    if (base.isTarball()) {
      return Jib.from(TarImage.at(base.tarball()));
    }
    ImageReference ref = reference(base.reference());
    RegistryImage image = RegistryImage.named(ref);
    credentialRetrievers(ref).forEach(image::addCredentialRetriever);
    return Jib.from(image);
  }

  /** Explicit credentials for the host first, then the usual docker config and helpers. */
  private List<CredentialRetriever> credentialRetrievers(ImageReference ref) {
    Optional<RegistryCredential> explicit = credentials.stream()
        .filter(c -> c.registry().equals(ref.getRegistry())).findFirst();
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(ref, e -> {});
    CredentialRetriever settings = () -> explicit.map(c -> Credential.from(c.username(), c.password()));
    return List.of(settings, factory.dockerConfig());
  }

  static ImageReference reference(String ref) {
    try {
      return ImageReference.parse(ref);
    } catch (InvalidImageReferenceException e) {
      throw new ForgeException("invalid image reference '" + ref + "': " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover cache directory in target/ is harmless
    }
  }
}
