package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real Sigstore bundles and trust roots in {@code ../shared/data/sigstore} (see its README). */
final class SigstoreSamples {
  private SigstoreSamples() {}

  static Path dir() {
    String shared = System.getProperty("forge.test.sharedData");
    assumeTrue(shared != null && !shared.isBlank(), "forge.test.sharedData is not set");
    Path dir = Path.of(shared, "sigstore");
    assumeTrue(Files.isDirectory(dir), dir + " is absent (a clone without ../shared)");
    return dir;
  }

  static Path file(String name) {
    return dir().resolve(name);
  }

  static byte[] read(String name) {
    try {
      return Files.readAllBytes(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The subject of every DSSE sample: sha256 of artifact.txt. */
  static Sha256Digest artifactDigest() {
    return Sha256Digest.ofContent(read("artifact.txt"));
  }
}
