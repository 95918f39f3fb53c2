package org.c5c3.forge.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** podman: daemonless, docker's command line; pushes report their digest through a file. */
public final class PodmanEngine extends DockerCompatibleEngine {

  private final boolean insecureRegistries;

  public PodmanEngine(CommandRunner runner, boolean insecureRegistries) {
    super(runner, "podman");
    this.insecureRegistries = insecureRegistries;
  }

  @Override
  protected List<String> timestampFlags(java.time.Instant t) {
    return List.of("--timestamp", Long.toString(t.getEpochSecond()));
  }

  @Override
  protected List<String> runFlags() {
    return List.of("--network", "host", "--tls-verify=" + !insecureRegistries);
  }

  @Override
  public String push(String localImage, String destination, RegistryAccess access) {
    return DigestFilePush.push(runner, "podman", localImage, destination, access);
  }

}
