package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryTagLookupTest {

  @TempDir Path tmp;

  @Test
  void aPushedTagHasTheDigestJibPushed() throws Exception {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    String repository = registry.uniqueRepository("lookup");
    String digest = TestRegistry.pushImage(repository, tmp, "hello", "1.0", "a1b2c3d");

    RegistryTagLookup lookup = RegistryTagLookup.forImage(repository, null, true);

    assertEquals(Optional.of(digest), lookup.digestOf("1.0"));
    assertEquals(Optional.of(digest), lookup.digestOf("a1b2c3d"));
  }

  @Test
  void aMissingTagOrRepositoryIsEmpty() throws Exception {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    String repository = registry.uniqueRepository("lookup");
    TestRegistry.pushImage(repository, tmp, "hello", "1.0");

    assertEquals(Optional.empty(),
        RegistryTagLookup.forImage(repository, null, true).digestOf("2.0"));
    assertEquals(Optional.empty(),
        RegistryTagLookup.forImage(registry.uniqueRepository("never-pushed"), null, true)
            .digestOf("1.0"));
  }

  @Test
  void anOciIndexIsFoundWithItsOwnDigest() throws Exception {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    String repository = registry.uniqueRepository("index");
    String indexDigest = TestRegistry.pushIndexWithSkopeo(repository, "multi", tmp);

    assertEquals(Optional.of(indexDigest),
        RegistryTagLookup.forImage(repository, null, true).digestOf("multi"));
  }

  @Test
  void httpsToAPlainHttpRegistryFailsWithAHint() {
    TestRegistry registry = TestRegistry.fromSystemProperty();
    RegistryTagLookup lookup =
        RegistryTagLookup.forImage(registry.uniqueRepository("tls"), null, false);
    ForgeException e = assertThrows(ForgeException.class, () -> lookup.digestOf("1.0"));
    assertTrue(e.getMessage().contains("forge.allowInsecureRegistries"), e.getMessage());
  }

  @Test
  void anInvalidTagIsRefusedBeforeAnyRequest() {
    RegistryTagLookup lookup = RegistryTagLookup.forImage("127.0.0.1:1/x", null, true);
    assertThrows(ForgeException.class, () -> lookup.digestOf("../etc"));
  }

  @Test
  void imageNamesSplitIntoRegistryAndRepository() {
    assertEquals("RegistryTagLookup[https://ghcr.io/c5c3/keystone]",
        RegistryTagLookup.forImage("ghcr.io/c5c3/keystone", null, false).toString());
    assertEquals("RegistryTagLookup[http://127.0.0.1:5555/forge/keystone]",
        RegistryTagLookup.forImage("127.0.0.1:5555/forge/keystone", null, true).toString());
    assertEquals("RegistryTagLookup[https://registry-1.docker.io/library/ubuntu]",
        RegistryTagLookup.forImage("ubuntu", null, false).toString());
    assertEquals("RegistryTagLookup[https://registry-1.docker.io/c5c3/forge]",
        RegistryTagLookup.forImage("c5c3/forge", null, false).toString());
    ForgeException e = assertThrows(ForgeException.class,
        () -> RegistryTagLookup.forImage("ghcr.io/c5c3/keystone:28.0.0", null, false));
    assertTrue(e.getMessage().contains("give the repository alone"), e.getMessage());
  }

  @Test
  void bearerChallengesAreParsed() {
    assertEquals(
        Map.of("realm", "https://ghcr.io/token", "service", "ghcr.io",
            "scope", "repository:c5c3/keystone:pull"),
        RegistryTagLookup.parseChallenge("Bearer realm=\"https://ghcr.io/token\","
            + "service=\"ghcr.io\",scope=\"repository:c5c3/keystone:pull\""));
    assertEquals(Map.of("realm", "https://auth.example/token", "error", "invalid_token"),
        RegistryTagLookup.parseChallenge(
            "Bearer realm=https://auth.example/token, error=\"invalid_token\""));
  }

  @Test
  void credentialsDoNotShowTheirPassword() {
    assertEquals("Credentials[bot, ****]",
        new RegistryTagLookup.Credentials("bot", "s3cret").toString());
  }
}
