package org.c5c3.forge.scan;

import java.util.List;

/**
 * One advisory that applies to one installed package.
 *
 * @param component what is installed, e.g. {@code urllib3 2.0.0} or {@code libssl3 3.0.11-1~deb12u2}
 * @param advisoryPackage the name the advisory uses (the source package for Debian/Ubuntu)
 * @param fixedIn versions that fix it, above the installed one, lowest first; empty if none is known
 * @param acceptedBecause the reason from accepted-vulnerabilities.txt, or null
 * @param acceptedAt where that acceptance is written ({@code file:line}), or null
 */
public record Finding(
    String id,
    List<String> aliases,
    Severity severity,
    String summary,
    String component,
    String advisoryPackage,
    String purl,
    List<String> fixedIn,
    String advisorySource,
    String acceptedBecause,
    String acceptedAt) {

  public Finding {
    aliases = List.copyOf(aliases);
    fixedIn = List.copyOf(fixedIn);
  }

  public boolean accepted() {
    return acceptedBecause != null;
  }

  /** One line for logs: {@code CVE-1 (high) in urllib3 2.0.0, fixed in 2.0.7: summary}. */
  public String describe() {
    return id + (aliases.isEmpty() ? "" : " " + aliases) + " (" + severity.label() + ") in " + component
        + (fixedIn.isEmpty() ? ", no fixed version known" : ", fixed in " + fixedIn.get(0))
        + (summary.isEmpty() ? "" : ": " + summary)
        + (accepted() ? " [accepted at " + acceptedAt + ": " + acceptedBecause + "]" : "");
  }
}
