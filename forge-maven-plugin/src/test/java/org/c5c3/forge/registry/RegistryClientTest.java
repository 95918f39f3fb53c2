package org.c5c3.forge.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real local registry (distribution 2.8). */
class RegistryClientTest {
  @Test
  void blobsUploadOnceAndReadBack(@TempDir Path dir) throws Exception {
    RegistryClient client = TestRegistry.client();
    String repo = TestRegistry.freshRepository();
    byte[] content = ("layer " + repo).getBytes(StandardCharsets.UTF_8);
    String digest = RegistryClient.sha256(content);

    assertFalse(client.hasBlob(repo, digest));
    assertEquals(digest, client.pushBlob(repo, content));
    assertTrue(client.hasBlob(repo, digest));
    assertEquals(digest, client.pushBlob(repo, content), "second push is skipped and gives the same digest");
    assertArrayEquals(content, client.getBlob(repo, digest));
    Path file = client.getBlob(repo, digest, dir.resolve("blob"));
    assertArrayEquals(content, Files.readAllBytes(file));
  }

  @Test
  void manifestsPushByTagAndAreFoundByTagAndDigest() {
    RegistryClient client = TestRegistry.client();
    String repo = TestRegistry.freshRepository();
    String config = client.pushBlob(repo, "{}".getBytes(StandardCharsets.UTF_8));
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"" + config + "\",\"size\":2},"
            + "\"layers\":[]}").getBytes(StandardCharsets.UTF_8);

    String digest = client.pushManifest(repo, "v1", RegistryClient.OCI_MANIFEST, manifest);
    assertEquals(RegistryClient.sha256(manifest), digest);

    Descriptor byTag = client.head(repo, "v1").orElseThrow();
    assertEquals(new Descriptor(RegistryClient.OCI_MANIFEST, digest, manifest.length), byTag);
    assertEquals(byTag, client.head(repo, digest).orElseThrow());
    assertArrayEquals(manifest, client.getManifest(repo, digest));
    assertEquals(RegistryClient.OCI_MANIFEST, client.findManifest(repo, "v1").orElseThrow().mediaType());
  }

  @Test
  void missingThingsAreEmptyOrNamed() {
    RegistryClient client = TestRegistry.client();
    String repo = TestRegistry.freshRepository();
    assertEquals(Optional.empty(), client.head(repo, "nope"));
    ForgeException e = assertThrows(ForgeException.class, () -> client.getManifest(repo, "nope"));
    assertTrue(e.getMessage().contains(repo + ":nope"), e.getMessage());
  }

  @Test
  void distribution28HasNoReferrersApi() {
    RegistryClient client = TestRegistry.client();
    assertEquals(Optional.empty(),
        client.getReferrers(TestRegistry.freshRepository(), RegistryClient.sha256(new byte[0]), null));
  }

  @Test
  void tlsAgainstThePlainHttpRegistryFailsWithAHint() {
    RegistryClient client = RegistryClient.create(TestRegistry.address(), RegistryCredentials.none(), false);
    ForgeException e = assertThrows(ForgeException.class, () -> client.head("x", "latest"));
    assertTrue(e.getMessage().contains("forge.allowInsecureRegistries"), e.getMessage());
  }
}
