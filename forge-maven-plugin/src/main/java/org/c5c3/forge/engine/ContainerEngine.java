package org.c5c3.forge.engine;

import java.nio.file.Path;

/**
 * The one place forge runs commands inside a Linux root filesystem: building the two base images
 * from their Containerfiles and running the service build stage. Everything else (layers,
 * config, tags, push of service images) is daemonless through Jib.
 *
 * <p>Implementations: {@link BuildahEngine}, {@link PodmanEngine}, {@link DockerEngine}; pick one
 * with {@link ContainerEngines#select}.
 */
public interface ContainerEngine {

  /** The engine's command name, e.g. {@code buildah}. */
  String name();

  /** Builds {@code spec.containerfile()} and tags the result {@code spec.tag()} in local storage. */
  void build(ImageBuildSpec spec);

  /**
   * Runs {@code stage.script()} with {@code sh -c} in a fresh container of {@code stage.image()}, with
   * the stage's bind mounts and environment, copies {@code stage.exportPath()} out to
   * {@code stage.exportTo()} (symlinks kept), and removes the container whatever happens.
   */
  void runStage(StageSpec stage);

  /** Runs a short command in a throw-away container of {@code image} and returns its stdout. */
  String output(String image, String platform, String script);

  /**
   * Pushes a local image to {@code destination} (a registry reference with tag) as an OCI
   * manifest and returns the manifest digest ({@code sha256:...}).
   */
  String push(String localImage, String destination, RegistryAccess access);

  /** Writes a local image to a docker-archive tarball (the format Jib reads as a base image). */
  void exportDockerArchive(String localImage, Path tarball);

  /** Removes a local image (tag) if present. */
  void removeImage(String localImage);
}
