package org.c5c3.forge.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * podman and docker share one command line for what forge needs: {@code build}, {@code create} +
 * {@code start -a} + {@code cp} + {@code rm} for the build stage, {@code push}, {@code save}.
 */
abstract class DockerCompatibleEngine implements ContainerEngine {

  private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[0-9a-f]{64})");

  protected final CommandRunner runner;
  private final String command;

  DockerCompatibleEngine(CommandRunner runner, String command) {
    this.runner = runner;
    this.command = command;
  }

  @Override
  public String name() {
    return command;
  }

  /** Extra flags for {@code build} and {@code create}, e.g. the network. */
  protected List<String> runFlags() {
    return List.of("--network", "host");
  }

  @Override
  public void build(ImageBuildSpec spec) {
    List<String> cmd = new ArrayList<>(List.of(command, "build"));
    cmd.addAll(runFlags());
    if (spec.platform() != null) {
      cmd.addAll(List.of("--platform", spec.platform()));
    }
    if (spec.timestamp() != null) {
      cmd.addAll(timestampFlags(spec.timestamp()));
    }
    spec.buildArgs().forEach((k, v) -> cmd.addAll(List.of("--build-arg", k + "=" + v)));
    spec.labels().forEach((k, v) -> cmd.addAll(List.of("--label", k + "=" + v)));
    cmd.addAll(List.of("-f", spec.containerfile().toString(), "-t", spec.tag(), spec.context().toString()));
    runner.check(cmd, true, "building " + spec.tag() + " from " + spec.containerfile());
  }

  /** podman takes buildah's {@code --timestamp}; docker (BuildKit) reads SOURCE_DATE_EPOCH. */
  protected List<String> timestampFlags(java.time.Instant t) {
    return List.of("--build-arg", "SOURCE_DATE_EPOCH=" + t.getEpochSecond());
  }

  @Override
  public void runStage(StageSpec stage) {
    List<String> create = new ArrayList<>(List.of(command, "create"));
    create.addAll(runFlags());
    if (stage.platform() != null) {
      create.addAll(List.of("--platform", stage.platform()));
    }
    for (StageSpec.Mount m : stage.mounts()) {
      create.addAll(List.of("-v", m.spec()));
    }
    stage.env().forEach((k, v) -> create.addAll(List.of("-e", k + "=" + v)));
    create.addAll(List.of(stage.image(), "sh", "-c", stage.script()));
    String container = runner.check(create, false, "creating the build stage from " + stage.image()).stdout().strip();
    try {
      runner.check(List.of(command, "start", "-a", container), true, "the build stage in " + stage.image());
      runner.check(List.of("rm", "-rf", stage.exportTo().toString()), false, "clearing " + stage.exportTo());
      Files.createDirectories(stage.exportTo().getParent());
      runner.check(List.of(command, "cp", container + ":" + stage.exportPath(), stage.exportTo().toString()),
          false, "copying " + stage.exportPath() + " out of the build stage");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      runner.run(List.of(command, "rm", "-f", container), Map.of(), false);
    }
  }

  @Override
  public String output(String image, String platform, String script) {
    List<String> cmd = new ArrayList<>(List.of(command, "run", "--rm"));
    if (platform != null) {
      cmd.addAll(List.of("--platform", platform));
    }
    cmd.addAll(List.of("--entrypoint", "sh", image, "-c", script));
    return runner.check(cmd, false, "running a command in " + image).stdout();
  }

  @Override
  public String push(String localImage, String destination, RegistryAccess access) {
    if (!localImage.equals(destination)) {
      runner.check(List.of(command, "tag", localImage, destination), false, "tagging " + destination);
    }
    String out = runner.check(pushCommand(destination, access), false, "pushing " + destination).stdout();
    Matcher m = PUSHED_DIGEST.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException(command + " push printed no digest for " + destination);
    }
    return m.group(1);
  }

  protected List<String> pushCommand(String destination, RegistryAccess access) {
    return List.of(command, "push", destination);
  }

  @Override
  public void exportDockerArchive(String localImage, Path tarball) {
    runner.check(List.of(command, "save", "-o", tarball.toString(), localImage), false, "exporting " + localImage);
  }

  @Override
  public void removeImage(String localImage) {
    runner.run(List.of(command, "rmi", "-f", localImage), Map.of(), false);
  }
}
