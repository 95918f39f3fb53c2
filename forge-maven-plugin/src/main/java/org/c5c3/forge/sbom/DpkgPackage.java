package org.c5c3.forge.sbom;

import java.util.List;

/**
 * One installed Debian package.
 *
 * @param source the {@code Source:} field as dpkg writes it ({@code openssl} or
 *     {@code openssl (3.0.11-1)}); null when the source package has the binary's name
 * @param licenses distinct DEP-5 short names from its copyright file; empty when the file is
 *     missing or not machine-readable
 * @param md5sumsSha256 hex SHA-256 of {@code /var/lib/dpkg/info/<pkg>[:arch].md5sums}: a
 *     fingerprint of the list of installed files and their MD5s, not of the {@code .deb}; null if
 *     the package has no md5sums file
 * @param md5sumsPath the image path that fingerprint was taken from; null with it
 */
public record DpkgPackage(
    String name,
    String version,
    String architecture,
    String source,
    List<String> licenses,
    String md5sumsSha256,
    String md5sumsPath) {

  public DpkgPackage {
    licenses = List.copyOf(licenses);
  }
}
