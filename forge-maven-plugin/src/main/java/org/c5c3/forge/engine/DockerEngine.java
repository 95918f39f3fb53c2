package org.c5c3.forge.engine;

/**
 * docker: needs a running daemon. Credentials come from the daemon's own login (docker config);
 * a registry over plain HTTP must be listed in the daemon's {@code insecure-registries}.
 */
public final class DockerEngine extends DockerCompatibleEngine {
  public DockerEngine(CommandRunner runner) {
    super(runner, "docker");
  }
}
