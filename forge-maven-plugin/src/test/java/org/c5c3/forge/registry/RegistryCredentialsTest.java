package org.c5c3.forge.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryCredentialsTest {
  @TempDir Path dir;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAuthsOfADockerConfig() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"), "{\"auths\":{"
        + "\"ghcr.io\":{\"auth\":\"" + b64("bot:ghp_sec:ret") + "\"},"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:pw") + "\"},"
        + "\"127.0.0.1:5555\":{\"username\":\"u\",\"password\":\"p\"},"
        + "\"quay.io\":{}},"
        + "\"credsStore\":\"desktop\"}");
    RegistryCredentials creds = RegistryCredentials.fromDockerConfig(config);
    assertEquals(Optional.of(new RegistryCredentials.Basic("bot", "ghp_sec:ret")), creds.forRegistry("ghcr.io"));
    assertEquals(Optional.of(new RegistryCredentials.Basic("hub", "pw")), creds.forRegistry("docker.io"));
    assertEquals(Optional.of(new RegistryCredentials.Basic("hub", "pw")), creds.forRegistry("registry-1.docker.io"));
    assertEquals(Optional.of(new RegistryCredentials.Basic("u", "p")), creds.forRegistry("127.0.0.1:5555"));
    assertEquals(Optional.empty(), creds.forRegistry("quay.io"));
  }

  @Test
  void explicitCredentialsWin() throws Exception {
    Path config = Files.writeString(dir.resolve("config.json"),
        "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("a:b") + "\"}}}");
    RegistryCredentials creds = RegistryCredentials.fromDockerConfig(config).with("https://ghcr.io", "maven", "settings");
    assertEquals(Optional.of(new RegistryCredentials.Basic("maven", "settings")), creds.forRegistry("ghcr.io"));
  }

  @Test
  void missingFileMeansNoCredentialsAndBrokenAuthIsNamed() throws Exception {
    assertEquals(Optional.empty(), RegistryCredentials.fromDockerConfig(dir.resolve("absent.json")).forRegistry("ghcr.io"));
    Path config = Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"ghcr.io\":{\"auth\":\"" + b64("nocolon") + "\"}}}");
    ForgeException e = assertThrows(ForgeException.class, () -> RegistryCredentials.fromDockerConfig(config));
    assertTrue(e.getMessage().contains("ghcr.io") && e.getMessage().contains(config.toString()), e.getMessage());
  }

  @Test
  void passwordIsNotPrinted() {
    assertEquals("Basic[u, ****]", new RegistryCredentials.Basic("u", "secret").toString());
  }
}
