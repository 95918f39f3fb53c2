package org.c5c3.forge.sbom;

import java.util.Objects;

/**
 * An issue a patch resolves, as its header names it ({@code Closes-Bug: #2012345},
 * {@code CVE-2025-1234}).
 *
 * @param url the issue's own page; may be null
 */
public record IssueRef(Kind kind, String id, String url) {
  public enum Kind {
    /** A bug, e.g. on Launchpad. */
    DEFECT,
    /** A vulnerability, e.g. a CVE. */
    SECURITY
  }

  public IssueRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  /** A Launchpad bug, by number (with or without {@code #}). */
  public static IssueRef launchpadBug(String number) {
    String id = number.startsWith("#") ? number.substring(1) : number;
    return new IssueRef(Kind.DEFECT, id, "https://bugs.launchpad.net/bugs/" + id);
  }

  /** A CVE, by its id ({@code CVE-2025-1234}). */
  public static IssueRef cve(String id) {
    return new IssueRef(Kind.SECURITY, id, "https://nvd.nist.gov/vuln/detail/" + id);
  }
}
