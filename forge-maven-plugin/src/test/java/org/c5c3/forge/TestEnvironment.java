package org.c5c3.forge;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.c5c3.forge.engine.BuildahEngine;
import org.c5c3.forge.engine.CommandRunner;

/**
 * What the machine offers tests that run real containers, from system properties surefire sets:
 * {@code forge.test.baseImage} (a Debian image in buildah's storage) and {@code forge.test.registry}
 * (a plain-HTTP registry, host:port). -Pit sets both; without them these tests skip. When set, the
 * tests run for real and fail if buildah or the registry do not work.
 */
public final class TestEnvironment {

  private TestEnvironment() {}

  /** The Debian base image, e.g. {@code localhost/forge-test/debian:bookworm}; skips when unset. */
  public static String baseImage() {
    return property("forge.test.baseImage", "no base image to run buildah on");
  }

  /** The test registry, host:port; skips when unset. */
  public static String registry() {
    return property("forge.test.registry", "no registry to test against");
  }

  /** A repository in the test registry no other test or earlier run has used. */
  public static String freshRepository(String what) {
    return registry() + "/forge-test/" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static CommandRunner runner() {
    return new CommandRunner(line -> {});
  }

  /** buildah as forge runs it as root: chroot isolation, plain-HTTP registries allowed. */
  public static BuildahEngine buildah() {
    return new BuildahEngine(runner(), "chroot", true);
  }

  /** Runs a command to completion and returns its stdout; fails the test when it exits non-zero. */
  public static String run(String... command) {
    return runner().check(List.of(command), false, "test command").stdout();
  }

  /** Runs a command and returns what happened, whatever the exit code. */
  public static CommandRunner.Result attempt(String... command) {
    return runner().run(List.of(command), Map.of(), false);
  }

  /** A TCP port on loopback that nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The forge-maven-plugin module directory (surefire's working directory). */
  public static Path moduleDir() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  }

  private static String property(String name, String why) {
    String value = System.getProperty(name, "");
    // An unset Maven property can reach surefire literally as "${name}".
    assumeTrue(!value.isBlank() && !value.startsWith("${"), name + " is not set: " + why);
    return value.strip();
  }
}
