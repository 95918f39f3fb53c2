package org.c5c3.forge.scan;

/**
 * Which findings fail a scan: those not accepted whose severity is at or above {@code threshold}
 * (null: none fail), and, with {@code ignoreUnfixed}, only those with a known fixed version (a
 * finding nobody can fix yet is reported but does not block, as Trivy's {@code --ignore-unfixed}).
 */
public record ScanPolicy(Severity threshold, boolean ignoreUnfixed) {

  /** From {@code forge.scan.failOn} and {@code forge.scan.ignoreUnfixed}. */
  public static ScanPolicy of(String failOn, boolean ignoreUnfixed) {
    return new ScanPolicy(Severity.threshold(failOn), ignoreUnfixed);
  }

  public boolean fails(Finding f) {
    return threshold != null
        && !f.accepted()
        && f.severity().compareTo(threshold) >= 0
        && !(ignoreUnfixed && f.fixedIn().isEmpty());
  }

  /** {@code high}, {@code high, fixable only}, {@code none}. */
  public String describe() {
    return threshold == null ? "none" : threshold.label() + (ignoreUnfixed ? ", fixable only" : "");
  }
}
