package org.c5c3.forge.registry;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;

/** The real registry the tests push to: system property {@code forge.test.registry} (host:port, plain HTTP). */
final class TestRegistry {
  private TestRegistry() {}

  static String address() {
    String registry = System.getProperty("forge.test.registry", "");
    // An unset Maven property reaches surefire literally as "${forge.test.registry}".
    assumeTrue(!registry.isBlank() && !registry.startsWith("${"),
        "forge.test.registry is not set: no registry to test against");
    return registry.trim();
  }

  static RegistryClient client() {
    return RegistryClient.create(address(), RegistryCredentials.none(), true);
  }

  /** A fresh repository name, so tests never see each other's tags. */
  static String freshRepository() {
    return "test-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
