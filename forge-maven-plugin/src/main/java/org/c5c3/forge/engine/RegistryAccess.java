package org.c5c3.forge.engine;

/**
 * How an engine talks to a registry: optional explicit credentials (from Maven settings) and
 * whether plain HTTP / unverified TLS is allowed. Without credentials the engine uses its own
 * auth files, which include the docker config.
 */
public record RegistryAccess(String username, String password, boolean insecure) {
  public static RegistryAccess anonymous(boolean insecure) {
    return new RegistryAccess(null, null, insecure);
  }

  public boolean hasCredentials() {
    return username != null && password != null;
  }
}
