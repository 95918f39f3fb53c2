package org.c5c3.forge.scan;

import java.util.List;

/**
 * A package of the image as advisories name it. For a Debian or Ubuntu binary package that is its
 * <em>source</em> package and that package's version (advisories are per source package: one
 * OpenSSL advisory covers libssl3 and openssl alike); for a Python distribution, its PEP 503 name.
 *
 * @param ecosystems the OSV ecosystem names that apply, e.g. {@code PyPI}, {@code Debian:12},
 *     {@code Ubuntu:24.04:LTS}
 * @param purl the SBOM component's purl, to trace a finding back
 * @param component what the image has installed, e.g. {@code libssl3 3.0.11-1~deb12u2}
 */
public record ScannedPackage(
    List<String> ecosystems, VersionOrder order, String name, String version, String purl, String component) {

  public ScannedPackage {
    ecosystems = List.copyOf(ecosystems);
  }
}
