package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.tags.RegistryTagLookup.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RegistryTagLookup against real registries that demand Basic or Bearer authentication. */
class RegistryTagLookupAuthTest {

  private static final Credentials GOOD =
      new Credentials(AuthenticatingRegistry.USER, AuthenticatingRegistry.PASSWORD);
  private static final Credentials BAD = new Credentials(AuthenticatingRegistry.USER, "wrong");

  @TempDir Path tmp;

  // Basic (htpasswd)

  @Test
  void credentialsAreSentWhenTheRegistryAsksForThem() throws Exception {
    try (AuthenticatingRegistry registry = AuthenticatingRegistry.basic(tmp)) {
      String digest = registry.push("forge-test/basic", tmp, "basic", "1.0");
      RegistryTagLookup lookup =
          RegistryTagLookup.forImage(registry.address + "/forge-test/basic", GOOD, true);

      assertEquals(Optional.of(digest), lookup.digestOf("1.0"));
      assertEquals(Optional.empty(), lookup.digestOf("2.0"));
    }
  }

  @Test
  void withoutOrWithWrongCredentialsTheErrorSaysWhatToDo() throws Exception {
    try (AuthenticatingRegistry registry = AuthenticatingRegistry.basic(tmp)) {
      String image = registry.address + "/forge-test/basic";
      ForgeException none = assertThrows(ForgeException.class,
          () -> RegistryTagLookup.forImage(image, null, true).digestOf("1.0"));
      assertTrue(none.getMessage().contains("asks for a user name and password"),
          none.getMessage());

      ForgeException wrong = assertThrows(ForgeException.class,
          () -> RegistryTagLookup.forImage(image, BAD, true).digestOf("1.0"));
      assertTrue(wrong.getMessage().contains("HTTP 401"), wrong.getMessage());
      assertTrue(wrong.getMessage().contains("user 'forge'"), wrong.getMessage());
    }
  }

  // Bearer tokens

  @Test
  void aTokenIsFetchedFromTheRealmWithCredentials() throws Exception {
    try (AuthenticatingRegistry registry = AuthenticatingRegistry.bearer(tmp)) {
      String digest = registry.push("forge-test/bearer", tmp, "bearer", "1.0");
      RegistryTagLookup lookup =
          RegistryTagLookup.forImage(registry.address + "/forge-test/bearer", GOOD, true);

      assertEquals(Optional.of(digest), lookup.digestOf("1.0"));
      // the second lookup reuses the token
      assertEquals(Optional.empty(), lookup.digestOf("missing"));
    }
  }

  @Test
  void anonymousPullTokensWorkLikeGhcrForPublicImages() throws Exception {
    try (AuthenticatingRegistry registry = AuthenticatingRegistry.bearer(tmp)) {
      String digest = registry.push("forge-test/public", tmp, "public", "1.0");
      assertEquals(Optional.of(digest),
          RegistryTagLookup.forImage(registry.address + "/forge-test/public", null, true)
              .digestOf("1.0"));
    }
  }

  @Test
  void aRefusedTokenRequestNamesTheUser() throws Exception {
    try (AuthenticatingRegistry registry = AuthenticatingRegistry.bearer(tmp)) {
      ForgeException e = assertThrows(ForgeException.class,
          () -> RegistryTagLookup.forImage(registry.address + "/forge-test/x", BAD, true)
              .digestOf("1.0"));
      assertTrue(e.getMessage().contains("token service"), e.getMessage());
      assertTrue(e.getMessage().contains("user 'forge'"), e.getMessage());
    }
  }
}
