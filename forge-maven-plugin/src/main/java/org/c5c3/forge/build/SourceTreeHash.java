package org.c5c3.forge.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A content hash of a source tree as the build stage sees it (after patches): every path below the
 * root except {@code .git}, sorted, each with its type, its owner-execute bit and the sha256 of its
 * content (a symlink: of its target). Nothing else counts: not the directory the tree is in, not
 * times, not the rest of the mode, which a checkout takes from the umask, while a wheel keeps only
 * whether a file is executable.
 */
public final class SourceTreeHash {

  private SourceTreeHash() {}

  /** The hex sha256 of the tree at {@code root}. */
  public static String of(Path root) {
    MessageDigest tree = sha256();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.filter(p -> !p.equals(root))
          .filter(p -> !root.relativize(p).getName(0).toString().equals(".git"))
          .sorted((a, b) -> root.relativize(a).toString().compareTo(root.relativize(b).toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("hashing the source tree " + root, e);
    }
    try {
      for (Path p : paths) {
        String rel = root.relativize(p).toString();
        String entry;
        if (Files.isSymbolicLink(p)) {
          entry = "l " + hash(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          entry = "d";
        } else {
          int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
          entry = ((mode & 0100) != 0 ? "x " : "f ") + hashFile(p);
        }
        // NUL-separated: a path cannot contain NUL, so no two trees serialise alike.
        tree.update((rel + "\0" + entry + "\0").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("hashing the source tree " + root, e);
    }
    return HexFormat.of().formatHex(tree.digest());
  }

  /** Files at a source tree's root that can declare the distribution's requirements. */
  static final List<String> DECLARATIONS = List.of("pyproject.toml", "requirements.txt", "setup.cfg", "setup.py");

  /**
   * The hex sha256 of the files that declare a distribution's dependencies ({@link #DECLARATIONS},
   * each present or absent): when it is unchanged, a service change cannot change what else the
   * venv needs, so the cached dependency set still fits.
   */
  public static String dependencyDeclarations(Path root) {
    MessageDigest md = sha256();
    try {
      for (String name : DECLARATIONS) {
        Path file = root.resolve(name);
        String entry = Files.isRegularFile(file) ? hashFile(file) : "-";
        md.update((name + "\0" + entry + "\0").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("hashing the dependency declarations in " + root, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** The hex sha256 of a file's bytes. */
  public static String hashFile(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String hash(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
