package org.c5c3.forge.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * buildah: daemonless, and as root it needs no user namespace with {@code --isolation chroot}.
 * The most robust engine on CI machines without a Docker daemon.
 */
public final class BuildahEngine implements ContainerEngine {

  private final CommandRunner runner;
  private final String isolation;
  private final boolean insecureRegistries;

  /**
   * @param isolation buildah's {@code --isolation} ({@code chroot} works as root without runc)
   * @param insecureRegistries pull base images over plain HTTP (local test registries)
   */
  public BuildahEngine(CommandRunner runner, String isolation, boolean insecureRegistries) {
    this.runner = runner;
    this.isolation = isolation;
    this.insecureRegistries = insecureRegistries;
  }

  @Override
  public String name() {
    return "buildah";
  }

  @Override
  public void build(ImageBuildSpec spec) {
    List<String> cmd = new ArrayList<>(List.of("buildah", "bud", "--isolation", isolation,
        "--network", "host", "--format", "oci", "--tls-verify=" + !insecureRegistries));
    if (spec.platform() != null) {
      cmd.addAll(List.of("--platform", spec.platform()));
    }
    if (spec.timestamp() != null) {
      cmd.addAll(timestampFlags(spec.timestamp()));
    }
    spec.buildArgs().forEach((k, v) -> cmd.addAll(List.of("--build-arg", k + "=" + v)));
    spec.labels().forEach((k, v) -> cmd.addAll(List.of("--label", k + "=" + v)));
    cmd.addAll(List.of("-f", spec.containerfile().toString(), "-t", spec.tag(), spec.context().toString()));
    checkRetryingTransient(cmd, true, "building " + spec.tag() + " from " + spec.containerfile());
  }

  /** buildah fixes the image's creation time and every file time in the new layers. */
  private static List<String> timestampFlags(java.time.Instant t) {
    return List.of("--timestamp", Long.toString(t.getEpochSecond()));
  }

  @Override
  public void runStage(StageSpec stage) {
    String container = from(stage.image(), stage.platform());
    try {
      List<String> cmd = new ArrayList<>(List.of("buildah", "run", "--isolation", isolation, "--network", "host"));
      for (StageSpec.Mount m : stage.mounts()) {
        cmd.addAll(List.of("-v", m.spec()));
      }
      stage.env().forEach((k, v) -> cmd.addAll(List.of("-e", k + "=" + v)));
      cmd.addAll(List.of(container, "--", "sh", "-c", stage.script()));
      checkRetryingTransient(cmd, true, "the build stage in " + stage.image());
      String root = runner.check(List.of("buildah", "mount", container), false, "mounting the build stage").stdout().strip();
      try {
        copyOut(Path.of(root + stage.exportPath()), stage.exportTo());
      } finally {
        runner.run(List.of("buildah", "umount", container), Map.of(), false);
      }
    } finally {
      runner.run(List.of("buildah", "rm", container), Map.of(), false);
    }
  }

  @Override
  public String output(String image, String platform, String script) {
    String container = from(image, platform);
    try {
      return checkRetryingTransient(List.of("buildah", "run", "--isolation", isolation, container, "--", "sh", "-c", script),
          false, "running a command in " + image).stdout();
    } finally {
      runner.run(List.of("buildah", "rm", container), Map.of(), false);
    }
  }

  @Override
  public String push(String localImage, String destination, RegistryAccess access) {
    return DigestFilePush.push(runner, "buildah", localImage, destination, access);
  }


  @Override
  public void exportDockerArchive(String localImage, Path tarball) {
    try {
      Files.deleteIfExists(tarball);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runner.check(List.of("buildah", "push", localImage, "docker-archive:" + tarball + ":" + localImage),
        false, "exporting " + localImage);
  }

  @Override
  public void removeImage(String localImage) {
    runner.run(List.of("buildah", "rmi", "-f", localImage), Map.of(), false);
  }

  /**
   * With chroot isolation buildah copies its own binary into a sealed memfd before it starts a
   * step, and the kernel now and then refuses the seal (EBUSY). The step's command has not run
   * then, so the same command is tried again (a repeated bud reuses its finished layers).
   */
  static final String TRANSIENT_FAILURE = "sealing memfd copy: Device or resource busy";
  static final int ATTEMPTS = 3;

  private CommandRunner.Result checkRetryingTransient(List<String> cmd, boolean echo, String what) {
    for (int attempt = 1; ; attempt++) {
      CommandRunner.Result result = runner.run(cmd, Map.of(), echo);
      boolean transientFailure = !result.succeeded()
          && (result.stderr().contains(TRANSIENT_FAILURE) || result.stdout().contains(TRANSIENT_FAILURE));
      if (!transientFailure || attempt == ATTEMPTS) {
        return CommandRunner.require(result, what);
      }
      runner.report(what + ": buildah could not seal its memfd copy (transient); attempt " + (attempt + 1)
          + " of " + ATTEMPTS);
    }
  }

  private String from(String image, String platform) {
    List<String> cmd = new ArrayList<>(List.of("buildah", "from", "--tls-verify=" + !insecureRegistries));
    if (platform != null) {
      cmd.addAll(List.of("--platform", platform));
    }
    cmd.add(image);
    return runner.check(cmd, false, "starting a container of " + image).stdout().strip();
  }

  /** Replaces {@code target} with a copy of {@code source}; cp -a keeps links, modes and times. */
  void copyOut(Path source, Path target) {
    runner.check(List.of("rm", "-rf", target.toString()), false, "clearing " + target);
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    runner.check(List.of("cp", "-a", source.toString(), target.toString()), false, "copying the venv out");
  }
}
