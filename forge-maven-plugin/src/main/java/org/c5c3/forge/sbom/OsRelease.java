package org.c5c3.forge.sbom;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The distribution an image is built on, from {@code /etc/os-release} (falling back to
 * {@code /usr/lib/os-release}, as os-release(5) says). {@code id} is the purl namespace of its
 * packages: {@code debian} for the bookworm test base, {@code ubuntu} for noble.
 */
public record OsRelease(String id, String versionId, String versionCodename) {

  /** The os-release of the image, or empty if it has none. */
  public static Optional<OsRelease> read(LayeredFilesystem image) {
    Optional<byte[]> bytes = image.read("/etc/os-release");
    if (bytes.isEmpty()) {
      bytes = image.read("/usr/lib/os-release");
    }
    return bytes.map(b -> parse(new String(b, StandardCharsets.UTF_8)));
  }

  /** Parses os-release text: {@code KEY=value} lines, values optionally quoted, {@code #} comments. */
  public static OsRelease parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String trimmed = line.strip();
      int eq = trimmed.indexOf('=');
      if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
        continue;
      }
      fields.put(trimmed.substring(0, eq), unquote(trimmed.substring(eq + 1)));
    }
    // os-release(5): ID defaults to "linux" when absent.
    return new OsRelease(
        fields.getOrDefault("ID", "linux"),
        fields.get("VERSION_ID"),
        fields.get("VERSION_CODENAME"));
  }

  /** The purl {@code distro} qualifier: {@code debian-12}, {@code ubuntu-24.04}. */
  public String distro() {
    return versionId == null ? id : id + "-" + versionId;
  }

  private static String unquote(String value) {
    if (value.length() >= 2) {
      char first = value.charAt(0);
      if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
        String inner = value.substring(1, value.length() - 1);
        // Shell-style escapes are allowed inside double quotes only.
        return first == '"' ? inner.replaceAll("\\\\([\\\\$\"`])", "$1") : inner;
      }
    }
    return value;
  }
}
