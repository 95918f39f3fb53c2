package org.c5c3.forge.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  static final String DIGEST = "sha256:" + "0a".repeat(32);

  @Test
  void parsesRegistryRepositoryTagAndDigest() {
    assertEquals(new ImageReference("127.0.0.1:5555", "it-supply/fixture", "1.0.0", null),
        ImageReference.parse("127.0.0.1:5555/it-supply/fixture:1.0.0"));
    assertEquals(new ImageReference("ghcr.io", "c5c3/keystone", null, DIGEST),
        ImageReference.parse("docker://ghcr.io/c5c3/keystone@" + DIGEST));
    assertEquals(new ImageReference("localhost", "x", "latest", null), ImageReference.parse("localhost/x"));
    assertEquals(new ImageReference("registry-1.docker.io", "library/debian", "bookworm", null),
        ImageReference.parse("debian:bookworm"));
    ImageReference both = ImageReference.parse("ghcr.io/c5c3/keystone:28.0.0@" + DIGEST);
    assertEquals(DIGEST, both.lookup());
    assertEquals("ghcr.io/c5c3/keystone", both.name());
  }

  @Test
  void refusesWhatIsNotAReference() {
    assertThrows(ForgeException.class, () -> ImageReference.parse(""));
    assertThrows(ForgeException.class, () -> ImageReference.parse("ghcr.io/c5c3/keystone@sha256:abc"));
    assertThrows(ForgeException.class, () -> ImageReference.parse("ghcr.io/C5C3/Keystone:1"));
  }
}
