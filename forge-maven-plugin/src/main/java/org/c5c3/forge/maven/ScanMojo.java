package org.c5c3.forge.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.scan.AcceptedVulnerabilities;
import org.c5c3.forge.scan.Finding;
import org.c5c3.forge.scan.OsvDatabase;
import org.c5c3.forge.scan.ScanResult;
import org.c5c3.forge.scan.ScannedPackage;
import org.c5c3.forge.scan.ScanPolicy;
import org.c5c3.forge.scan.VulnerabilityScan;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;

/**
 * Scans the SBOM of the image this build made against OSV advisories, offline, and writes
 * {@code scan.json} beside its report. Runs in {@code verify}, after the SBOM and before anything
 * is pushed, so a finding at or above {@code forge.scan.failOn} stops the build with nothing
 * published. Without {@code forge.advisories} there is nothing to match against and it is skipped.
 * With {@code forge.sbom} it scans that SBOM file instead, from any directory (no project needed),
 * e.g. one taken from an image's attestation.
 */
@Mojo(name = "scan", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class ScanMojo extends AbstractForgeMojo {

  /**
   * OSV advisories, comma-separated: osv.dev exports ({@code <ecosystem>/all.zip}), directories of
   * OSV {@code .json} records, or single records.
   */
  @Parameter(property = "forge.advisories")
  private String advisories;

  /** Fail on findings at or above: none, any, low, medium, high, critical. */
  @Parameter(property = "forge.scan.failOn", defaultValue = "high")
  private String failOn;

  /** Only findings with a known fixed version fail the scan; the others are reported. */
  @Parameter(property = "forge.scan.ignoreUnfixed", defaultValue = "false")
  private boolean ignoreUnfixed;

  /** Findings accepted with a reason, one per line ({@code <id> [package] # reason}). */
  @Parameter(property = "forge.scan.accepted",
      defaultValue = "${maven.multiModuleProjectDirectory}/constraints/${forge.release}/accepted-vulnerabilities.txt")
  private File accepted;

  /** Scan this CycloneDX SBOM file instead of the images this build made. */
  @Parameter(property = "forge.sbom")
  private File sbom;

  /** One SBOM to scan, and where its results go. */
  private record Target(String name, Bom bom, Path sbomFile, Path out, Path report) {}

  @Override
  protected void run() {
    if (advisories == null || advisories.isBlank()) {
      getLog().info("no advisories given (forge.advisories): vulnerability scan skipped");
      return;
    }
    ScanPolicy policy = ScanPolicy.of(failOn, ignoreUnfixed);
    AcceptedVulnerabilities acceptances = AcceptedVulnerabilities.read(accepted.toPath());
    List<Target> targets = targets();
    List<ScannedPackage> packages = new ArrayList<>();
    targets.forEach(t -> packages.addAll(VulnerabilityScan.packages(t.bom())));
    List<Path> sources = Arrays.stream(advisories.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
    OsvDatabase db = OsvDatabase.load(sources, packages);
    getLog().info("advisories: " + db.records() + " OSV records from " + String.join(", ", db.sources()) + ", "
        + db.kept() + " about packages of the image");

    Map<String, ScanResult> results = new LinkedHashMap<>();
    for (Target t : targets) {
      ScanResult result = VulnerabilityScan.scan(t.bom(), db, acceptances);
      result.write(t.out(), t.name(), t.sbomFile().toString(), policy, Instant.now());
      log(t.name(), result, policy, t.out());
      if (t.report() != null) {
        BuildReport image = BuildReport.read(t.report());
        int failing = result.failing(policy).size();
        image.scan = new BuildReport.Scan(t.out().toString(), policy.describe(), failing == 0 ? "pass" : "fail",
            result.findings().size(), failing, (int) result.findings().stream().filter(Finding::accepted).count());
        image.write(t.report());
      }
      results.put(t.name(), result);
    }
    // Gate after every platform's scan.json is written, so all of them can be read.
    results.forEach((name, result) -> result.gate(policy, name, accepted.toPath()));
  }

  /** The SBOM named by forge.sbom, or those of the images this build made (one per platform). */
  private List<Target> targets() {
    if (sbom != null) {
      Bom bom = VulnerabilityScan.readSbom(sbom.toPath());
      Component image = bom.getMetadata() == null ? null : bom.getMetadata().getComponent();
      String name = image == null ? sbom.toString() : image.getName() + "@" + image.getVersion();
      // Without a project (standalone), target/ means nothing: scan.json goes to the current directory.
      boolean inProject = project != null && project.getFile() != null;
      Path out = inProject ? work().resolve("scan.json") : Path.of(session.getExecutionRootDirectory(), "scan.json");
      return List.of(new Target(name, bom, sbom.toPath(), out, null));
    }
    List<Target> targets = new ArrayList<>();
    for (Path imageReport : imageReports()) {
      BuildReport image = BuildReport.read(imageReport);
      if (image.sbom == null) {
        throw new ForgeException("no SBOM for " + image.image + " in " + imageReport + "; run forge:sbom first");
      }
      Path file = Path.of(image.sbom);
      targets.add(new Target(image.image + "@" + image.digest, VulnerabilityScan.readSbom(file), file,
          imageReport.resolveSibling("scan.json"), imageReport));
    }
    return targets;
  }

  /** The report of each image this build made: one per platform, or the single one. */
  private List<Path> imageReports() {
    Path reportFile = work().resolve("report.json");
    if (!Files.isRegularFile(reportFile)) {
      throw new ForgeException("no image to scan: " + reportFile + " is missing; run forge:build-image and forge:sbom "
          + "first, or name an SBOM with -Dforge.sbom=<file>");
    }
    BuildReport report = BuildReport.read(reportFile);
    List<Path> images = new ArrayList<>();
    if (report.platforms != null && !report.platforms.isEmpty()) {
      report.platforms.values().forEach(p -> images.add(Path.of(p.report())));
    } else {
      images.add(reportFile);
    }
    return images;
  }

  private void log(String image, ScanResult result, ScanPolicy policy, Path out) {
    List<Finding> failing = result.failing(policy);
    getLog().info("scan of " + image + ": " + result.packages() + " packages, " + result.findings().size()
        + " findings (" + failing.size() + " failing at " + policy.describe() + "), " + out);
    for (Finding f : result.findings()) {
      if (failing.contains(f)) {
        getLog().error("  " + f.describe());
      } else {
        getLog().info("  " + f.describe());
      }
    }
    result.unevaluated().forEach(u -> getLog().warn("  not evaluated: " + u));
    result.unusedAcceptances().forEach(a -> getLog().warn(
        "  " + a.origin() + ": accepts " + a.id() + ", which this image does not have; remove the line"));
  }
}
