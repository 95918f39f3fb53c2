package org.c5c3.forge.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.supply.ImageSbom;

/**
 * Writes the CycloneDX 1.6 SBOM of the service image {@code build-image} built, read from the
 * image's own layers: {@code target/forge/sbom.cdx.json}. Base-image modules are skipped.
 */
@Mojo(name = "sbom", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class SbomMojo extends AbstractForgeMojo {

  /** forge's own version, recorded as the SBOM's tool. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String forgeVersion;

  /** Patch paths in report.json are relative to the repository's top. */
  @Parameter(defaultValue = "${maven.multiModuleProjectDirectory}", readonly = true)
  private File repositoryRoot;

  @Override
  protected void run() {
    Path reportFile = work().resolve("report.json");
    if (!Files.isRegularFile(reportFile)) {
      throw new ForgeException("no image to describe: " + reportFile + " is missing; run forge:build-image (package) first");
    }
    BuildReport report = BuildReport.read(reportFile);
    if (report.platforms != null && !report.platforms.isEmpty()) {
      // One SBOM per platform image: their packages and compiled wheels differ.
      for (BuildReport.PlatformImage image : report.platforms.values()) {
        describe(Path.of(image.report()));
      }
      return;
    }
    describe(reportFile);
  }

  private void describe(Path reportFile) {
    BuildReport report = BuildReport.read(reportFile);
    Path archive = Path.of(report.archive);
    ImageSbom.Result sbom = ImageSbom.write(archive, report, repositoryRoot.toPath(), forgeVersion,
        reportFile.getParent());
    report.write(reportFile);
    getLog().info("SBOM of " + report.image + "@" + report.digest + ": " + sbom.file() + " ("
        + (sbom.bom().getComponents() == null ? 0 : sbom.bom().getComponents().size()) + " components)");
  }
}
