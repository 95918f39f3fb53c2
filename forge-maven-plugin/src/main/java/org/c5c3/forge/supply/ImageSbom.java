package org.c5c3.forge.supply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.image.OciArchive;
import org.c5c3.forge.patch.PatchFile;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.sbom.IssueRef;
import org.c5c3.forge.sbom.LayeredFilesystem;
import org.c5c3.forge.sbom.SbomContext;
import org.c5c3.forge.sbom.SbomGenerator;
import org.c5c3.forge.sbom.SbomOverride;
import org.c5c3.forge.sbom.SbomPatch;
import org.c5c3.forge.sbom.SbomService;
import org.c5c3.forge.sbom.SbomWriter;
import org.cyclonedx.model.Bom;

/**
 * The SBOM of a built service image: read from the layers of the OCI archive {@code package}
 * wrote, plus what only the build knows (commit, patches, overrides), all taken from its
 * {@link BuildReport}. Nothing comes from the clock: the timestamp is the source commit's.
 */
public final class ImageSbom {
  /** Where the SBOM goes, next to report.json. */
  public static final String FILE_NAME = "sbom.cdx.json";

  /** The SBOM written: its file, its bytes (validated CycloneDX 1.6 JSON) and the model. */
  public record Result(Path file, byte[] json, Bom bom) {}

  private ImageSbom() {}

  /**
   * Generates the SBOM of the image in {@code archive}, writes it to {@code workDir/sbom.cdx.json}
   * and records that path in {@code report.sbom} (the caller writes the report).
   *
   * @param repositoryRoot where patch paths relative to the repository are resolved
   */
  public static Result write(Path archive, BuildReport report, Path repositoryRoot, String forgeVersion, Path workDir) {
    if (!Files.isRegularFile(archive)) {
      throw new ForgeException("no image to describe: " + archive + " is missing; run package (forge:build-image) first");
    }
    OciArchive oci = OciArchive.read(archive);
    if (report.digest != null && !report.digest.equals(oci.manifestDigest())) {
      throw new ForgeException(
          archive + " holds image " + oci.manifestDigest() + " but report.json names " + report.digest
              + "; the two come from different builds. Re-run package.");
    }
    SbomContext context = context(report, oci.manifestDigest(), repositoryRoot, forgeVersion);
    Path layersDir = workDir.resolve("sbom-layers");
    try {
      LayeredFilesystem image = LayeredFilesystem.of(oci.extractLayers(layersDir));
      Bom bom = SbomGenerator.generate(image, context);
      byte[] json = SbomWriter.write(bom);
      Path file = workDir.resolve(FILE_NAME);
      Files.createDirectories(workDir);
      Files.write(file, json);
      report.sbom = file.toString();
      return new Result(file, json, bom);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the SBOM of " + report.image + " to " + workDir, e);
    } finally {
      FileTrees.deleteRecursively(layersDir);
    }
  }

  /** What the SBOM says beyond the files: the image, the service, its patches and overrides. */
  static SbomContext context(BuildReport report, String digest, Path repositoryRoot, String forgeVersion) {
    if (report.image == null) {
      throw new ForgeException("report.json names no image; it is not from forge:build-image. Re-run package.");
    }
    if (report.source == null || report.source.commit == null || report.source.commitTime == null) {
      throw new ForgeException(
          "report.json of " + report.image + " has no source commit and commit time; the SBOM needs both. Re-run package.");
    }
    Instant createdAt;
    try {
      createdAt = Instant.parse(report.source.commitTime);
    } catch (DateTimeParseException e) {
      throw new ForgeException(
          "report.json of " + report.image + ": source.commitTime '" + report.source.commitTime + "' is not an ISO-8601 instant", e);
    }
    String distribution = report.distribution != null ? report.distribution : report.service;
    List<SbomPatch> patches = new ArrayList<>();
    for (BuildReport.Patch p : report.patches) {
      SbomPatch patch = patch(p, repositoryRoot, report.image);
      // Service patches are recorded against the service's distribution, the pypi component.
      patches.add(p.component().equals(report.service) && distribution != null
          ? new SbomPatch(distribution, patch.fileName(), patch.diffText(), patch.resolves()) : patch);
    }
    List<SbomOverride> overrides = new ArrayList<>();
    for (BuildReport.Override o : report.overrides) {
      overrides.add(new SbomOverride(o.name(), o.from(), o.to(), o.reason()));
    }
    SbomContext.Builder context = SbomContext.builder()
        .image(report.image, digest)
        .tags(report.tags)
        .forgeVersion(forgeVersion)
        .patches(patches)
        .overrides(overrides)
        .createdAt(createdAt);
    // A base image has no service: its source is this repository, recorded for the timestamp.
    if (!"base".equals(report.kind)) {
      context.service(new SbomService(distribution, report.version == null ? report.source.ref : report.version,
          report.source.url, report.source.commit));
    }
    return context.build();
  }

  /**
   * A patch as the SBOM records it: its text verbatim, so the file must still be there and be
   * the one that was applied (same sha256).
   */
  static SbomPatch patch(BuildReport.Patch p, Path repositoryRoot, String image) {
    if (p.file() == null) {
      throw new ForgeException("report.json of " + image + " lists a patch for " + p.component() + " without its file");
    }
    Path file = Path.of(p.file());
    if (!file.isAbsolute()) {
      file = repositoryRoot.resolve(file);
    }
    if (!Files.isRegularFile(file)) {
      throw new ForgeException(
          "patch " + p.file() + " (applied to " + p.component() + " in " + image + ") is gone: " + file
              + " does not exist. The SBOM records each patch's text; re-run package from the same checkout.");
    }
    PatchFile patch = PatchFile.read(file, p.file());
    if (p.sha256() != null && !p.sha256().equalsIgnoreCase(patch.sha256())) {
      throw new ForgeException(
          "patch " + p.file() + " changed after it was applied to " + image + " (sha256 " + patch.sha256()
              + ", report.json recorded " + p.sha256() + "); re-run package so the SBOM describes the image.");
    }
    List<IssueRef> resolves = new ArrayList<>();
    for (org.c5c3.forge.patch.IssueRef issue : patch.issues()) {
      resolves.add(issue.kind().isSecurity() ? IssueRef.cve(issue.id()) : IssueRef.launchpadBug(issue.id()));
    }
    return new SbomPatch(p.component(), patch.fileName(), patch.text(), resolves);
  }
}
