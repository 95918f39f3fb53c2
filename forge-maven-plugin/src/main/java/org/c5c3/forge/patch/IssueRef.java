package org.c5c3.forge.patch;

import java.util.Locale;
import java.util.Objects;

/**
 * An issue a patch names in its commit message: a Launchpad bug (from the OpenStack trailers
 * {@code Closes-Bug:}, {@code Partial-Bug:}, {@code Related-Bug:}) or a CVE id. The SBOM records
 * these as the issues a patch resolves, so each carries a URL a reader can open.
 *
 * @param kind what the reference says about the issue
 * @param id the Launchpad bug number ({@code 2012345}) or the CVE id ({@code CVE-2025-1234})
 * @param url where the issue is described
 */
public record IssueRef(Kind kind, String id, String url) {

  /** How a patch refers to an issue. */
  public enum Kind {
    CLOSES_BUG("Closes-Bug"),
    PARTIAL_BUG("Partial-Bug"),
    RELATED_BUG("Related-Bug"),
    CVE("CVE");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The spelling used in commit messages, e.g. {@code Closes-Bug}. */
    public String label() {
      return label;
    }

    /** True for a vulnerability id, false for a bug tracker entry. */
    public boolean isSecurity() {
      return this == CVE;
    }

    static Kind fromTrailer(String trailer) {
      for (Kind kind : values()) {
        if (kind.label.equalsIgnoreCase(trailer)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("not an issue trailer: " + trailer);
    }
  }

  public IssueRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
  }

  /** A Launchpad bug, e.g. {@code launchpad(CLOSES_BUG, "2012345")}. */
  public static IssueRef launchpad(Kind kind, String bugNumber) {
    if (kind == Kind.CVE) {
      throw new IllegalArgumentException("a CVE is not a Launchpad bug: " + bugNumber);
    }
    return new IssueRef(kind, bugNumber, "https://bugs.launchpad.net/bugs/" + bugNumber);
  }

  /** A CVE record, e.g. {@code cve("CVE-2025-1234")}; the id is upper-cased. */
  public static IssueRef cve(String cveId) {
    String id = cveId.toUpperCase(Locale.ROOT);
    return new IssueRef(Kind.CVE, id, "https://www.cve.org/CVERecord?id=" + id);
  }
}
