package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real upstream files in the shared data directory, and this repository's pins. */
final class SharedData {
  static final String[] RELEASES = {"2025.1", "2025.2", "2026.1"};

  private SharedData() {}

  /** The shared data directory; skips the test when it is absent (a user's clone). */
  static Path dir() {
    String property = System.getProperty("forge.test.sharedData");
    assumeTrue(property != null, "forge.test.sharedData is not set");
    Path dir = Path.of(property).toAbsolutePath().normalize();
    assumeTrue(Files.isDirectory(dir.resolve("upper-constraints")), "no shared data at " + dir);
    return dir;
  }

  /** The real upper-constraints.txt of a release. */
  static Path upperConstraints(String release) {
    return dir().resolve("upper-constraints").resolve(release + ".txt");
  }

  /** This repository's constraints/ directory (surefire runs in the module directory). */
  static Path repoConstraints() {
    Path dir = Path.of("").toAbsolutePath().getParent().resolve("constraints");
    assumeTrue(Files.isDirectory(dir), "no constraints/ directory at " + dir);
    return dir;
  }
}
