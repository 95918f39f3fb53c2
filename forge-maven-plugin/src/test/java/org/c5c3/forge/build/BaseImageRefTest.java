package org.c5c3.forge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.c5c3.forge.ForgeException;
import org.c5c3.forge.image.BaseImageSource;
import org.junit.jupiter.api.Test;

class BaseImageRefTest {

  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @Test
  void aDigestReferenceIsSplitIntoRepositoryAndDigest() {
    BaseImageRef ref = BaseImageRef.pinned("ghcr.io/c5c3/python-base@" + DIGEST);
    assertEquals("ghcr.io/c5c3/python-base", ref.repository());
    assertEquals(DIGEST, ref.digest());
    assertNull(ref.localImage());
    // Not built in this reactor: the engine and Jib both pull it by digest.
    assertEquals("ghcr.io/c5c3/python-base@" + DIGEST, ref.forEngine());
    BaseImageSource jib = ref.forJib();
    assertFalse(jib.isTarball());
    assertEquals("ghcr.io/c5c3/python-base@" + DIGEST, jib.reference());
  }

  @Test
  void aTagOnlyReferenceIsRefused() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> BaseImageRef.pinned("ghcr.io/c5c3/python-base:3.12-noble"));
    assertTrue(e.getMessage().contains("'ghcr.io/c5c3/python-base:3.12-noble'"), e.getMessage());
    assertTrue(e.getMessage().contains("not pinned by digest"), e.getMessage());
  }

  @Test
  void aShortOrUppercaseDigestIsRefused() {
    assertThrows(ForgeException.class, () -> BaseImageRef.pinned("ghcr.io/c5c3/python-base@sha256:0123abcd"));
    assertThrows(ForgeException.class,
        () -> BaseImageRef.pinned("ghcr.io/c5c3/python-base@" + DIGEST.toUpperCase()));
  }
}
