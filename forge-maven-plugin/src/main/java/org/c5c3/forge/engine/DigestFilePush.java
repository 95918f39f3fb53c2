package org.c5c3.forge.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <engine> push --digestfile}: how buildah and podman push an image as OCI and say which
 * manifest digest the registry got (docker prints it instead; see DockerCompatibleEngine).
 */
final class DigestFilePush {
  private DigestFilePush() {}

  static String push(CommandRunner runner, String engine, String localImage, String destination,
      RegistryAccess access) {
    try {
      Path digestFile = Files.createTempFile("forge-digest", ".txt");
      try {
        List<String> cmd = new ArrayList<>(List.of(engine, "push", "--format", "oci",
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
