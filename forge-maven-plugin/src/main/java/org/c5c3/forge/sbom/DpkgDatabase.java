package org.c5c3.forge.sbom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.c5c3.forge.ForgeException;

/**
 * The packages dpkg says are installed in an image, read from {@code /var/lib/dpkg/status}
 * (not by running dpkg: the image may be for another architecture, and nothing in it runs
 * during the SBOM build).
 */
public final class DpkgDatabase {
  public static final String STATUS_FILE = "/var/lib/dpkg/status";
  private static final String INSTALLED = "install ok installed";

  private DpkgDatabase() {}

  /**
   * Every package whose status is {@code install ok installed}, sorted by name and architecture;
   * empty when the image has no dpkg database (not a Debian-family image).
   */
  public static List<DpkgPackage> read(LayeredFilesystem image) {
    Optional<byte[]> status = image.read(STATUS_FILE);
    if (status.isEmpty()) {
      return List.of();
    }
    List<Installed> installed = parseStatus(new String(status.get(), StandardCharsets.UTF_8));

    // One pass over the layers for every package's copyright and md5sums file.
    List<String> wanted = new ArrayList<>();
    for (Installed p : installed) {
      wanted.add(copyrightPath(p.name()));
      wanted.add(md5sumsPath(p.name() + ":" + p.architecture()));
      wanted.add(md5sumsPath(p.name()));
    }
    Map<String, byte[]> files = image.readAll(wanted);

    List<DpkgPackage> packages = new ArrayList<>();
    for (Installed p : installed) {
      byte[] copyright = files.get(copyrightPath(p.name()));
      List<String> licenses =
          copyright == null
              ? List.of()
              : DebianCopyright.licenses(new String(copyright, StandardCharsets.UTF_8));
      // Multi-Arch: same packages keep their lists as <pkg>:<arch>.md5sums.
      String md5sums = md5sumsPath(p.name() + ":" + p.architecture());
      if (!files.containsKey(md5sums)) {
        md5sums = md5sumsPath(p.name());
      }
      byte[] md5 = files.get(md5sums);
      packages.add(
          new DpkgPackage(
              p.name(),
              p.version(),
              p.architecture(),
              p.source(),
              licenses,
              md5 == null ? null : Sha256.hex(md5),
              md5 == null ? null : md5sums));
    }
    packages.sort(Comparator.comparing(DpkgPackage::name).thenComparing(DpkgPackage::architecture));
    return packages;
  }

  /** A stanza of the status file that is installed, before its files are looked at. */
  record Installed(String name, String version, String architecture, String source) {}

  static List<Installed> parseStatus(String text) {
    List<Installed> installed = new ArrayList<>();
    for (ControlStanzas.Stanza stanza : ControlStanzas.parse(text)) {
      String status = stanza.first("Status").orElse("").strip();
      if (!status.equals(INSTALLED)) {
        continue;
      }
      String name = required(stanza, "Package");
      installed.add(
          new Installed(
              name,
              required(stanza, "Version"),
              required(stanza, "Architecture"),
              stanza.first("Source").orElse(null)));
    }
    return installed;
  }

  private static String required(ControlStanzas.Stanza stanza, String field) {
    return stanza
        .first(field)
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new ForgeException(
                    STATUS_FILE + " line " + stanza.line() + ": an installed package has no "
                        + field + " field. The image's dpkg database is damaged; rebuild the base image."));
  }

  static String copyrightPath(String pkg) {
    return "/usr/share/doc/" + pkg + "/copyright";
  }

  static String md5sumsPath(String pkgWithOptionalArch) {
    return "/var/lib/dpkg/info/" + pkgWithOptionalArch + ".md5sums";
  }
}
