package org.c5c3.forge.sbom;

import java.util.Objects;

/**
 * The service an image is built for, as checked out.
 *
 * @param name its Python distribution name ({@code keystone}, {@code openstack-placement})
 * @param version the upstream version the build asked for ({@code 28.0.0})
 * @param vcsUrl the repository it was checked out from
 * @param commit the resolved commit (40 hex digits; 64 in a SHA-256 repository)
 */
public record SbomService(String name, String version, String vcsUrl, String commit) {
  public SbomService {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(vcsUrl, "vcsUrl");
    Objects.requireNonNull(commit, "commit");
    if (!commit.matches("[0-9a-f]{40}([0-9a-f]{24})?")) {
      throw new IllegalArgumentException("commit must be 40 (or 64) lower-case hex digits, was " + commit);
    }
  }
}
