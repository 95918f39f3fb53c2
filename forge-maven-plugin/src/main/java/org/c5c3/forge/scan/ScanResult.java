package org.c5c3.forge.scan;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.JsonFiles;

/**
 * What a scan found, written as {@code scan.json} next to the build report, and the gate that
 * fails a build on it.
 *
 * @param packages how many SBOM packages were looked up
 * @param advisories how many OSV records were read
 * @param unevaluated advisory entries whose versions could not be compared (reported, not hidden)
 * @param unusedAcceptances acceptances that matched nothing: stale lines to remove
 */
public record ScanResult(
    int packages,
    int advisories,
    List<String> sources,
    List<Finding> findings,
    List<String> unevaluated,
    List<AcceptedVulnerabilities.Acceptance> unusedAcceptances) {

  public ScanResult {
    sources = List.copyOf(sources);
    findings = List.copyOf(findings);
    unevaluated = List.copyOf(unevaluated);
    unusedAcceptances = List.copyOf(unusedAcceptances);
  }

  /** The findings that fail {@code policy}. */
  public List<Finding> failing(ScanPolicy policy) {
    return findings.stream().filter(policy::fails).toList();
  }

  /**
   * Fails when {@link #failing} is not empty, naming every failing finding, the image, and how to
   * resolve it.
   */
  public void gate(ScanPolicy policy, String image, Path acceptedFile) {
    List<Finding> failing = failing(policy);
    if (failing.isEmpty()) {
      return;
    }
    throw new ForgeException(
        failing.size() + " vulnerabilit" + (failing.size() == 1 ? "y" : "ies") + " at or above "
            + policy.describe() + " in " + image + ":\n  "
            + failing.stream().map(Finding::describe).collect(Collectors.joining("\n  "))
            + "\nUpdate the package (a constraint override or a patch), or accept a finding with its reason in "
            + acceptedFile + " ('<id> [package] # reason'), or raise forge.scan.failOn.");
  }

  /** The scan as JSON: counts, policy, findings (accepted ones marked), and what was not evaluated. */
  public void write(Path file, String image, String sbom, ScanPolicy policy, Instant scannedAt) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("image", image);
    json.put("scannedAt", scannedAt.toString()); // advisories change: a result holds only for its time
    json.put("sbom", sbom);
    json.put("advisorySources", sources);
    json.put("advisories", advisories);
    json.put("packages", packages);
    json.put("failOn", policy.threshold() == null ? "none" : policy.threshold().label());
    json.put("ignoreUnfixed", policy.ignoreUnfixed());
    json.put("result", failing(policy).isEmpty() ? "pass" : "fail");
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Severity s : Severity.values()) {
      counts.put(s.label(), findings.stream().filter(f -> f.severity() == s).count());
    }
    json.put("counts", counts);
    json.put("findings", findings);
    json.put("unevaluated", unevaluated);
    json.put("unusedAcceptances", unusedAcceptances);
    JsonFiles.write(file, json);
  }
}
