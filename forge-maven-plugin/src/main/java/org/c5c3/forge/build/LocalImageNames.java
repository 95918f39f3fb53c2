package org.c5c3.forge.build;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names for images in the engine's local storage. The storage is shared by every build on the
 * machine, so a fixed name would let two checkouts building at once overwrite each other's base
 * image between its build and its use. The name carries a hash of the build's work directory:
 * unique per checkout, and stable, so rebuilds replace their own image instead of piling up.
 */
final class LocalImageNames {
  private LocalImageNames() {}

  static String of(String name, java.nio.file.Path workDir) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(workDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
      return "localhost/forge/" + name + ":build-" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
