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
    try {
      Path digestFile = Files.createTempFile("forge-digest", ".txt");
      try {
        List<String> cmd = new ArrayList<>(List.of("podman", "push", "--format", "oci",
            "--digestfile", digestFile.toString(), "--tls-verify=" + !access.insecure()));
        if (access.hasCredentials()) {
          cmd.addAll(List.of("--creds", access.username() + ":" + access.password()));
        }
        cmd.addAll(List.of(localImage, "docker://" + destination));
        runner.check(cmd, false, "pushing " + localImage + " to " + destination);
        return Files.readString(digestFile).strip();
      } finally {
        Files.deleteIfExists(digestFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
