package org.c5c3.forge.maven;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.build.BaseImageRef;
import org.c5c3.forge.build.Platforms;
import org.c5c3.forge.build.ReleaseConstraints;
import org.c5c3.forge.build.ReleaseSelection;
import org.c5c3.forge.constraints.UpperConstraintsFetcher;
import org.c5c3.forge.build.ServiceBuild;
import org.c5c3.forge.build.ServiceBuildSpec;
import org.c5c3.forge.install.Installer;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.source.SourceCheckout;

/**
 * Builds a service image for one release: upstream checkout, build stage in venv-builder, Jib
 * assembly on python-base, OCI archive and {@code target/forge/report.json}. Everything about
 * the service comes from its POM; this class only reads it.
 */
@Mojo(name = "build-image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildImageMojo extends AbstractServiceMojo {

  /** Python distribution name of the service (placement: openstack-placement). */
  @Parameter(property = "forge.distribution", defaultValue = "${project.artifactId}")
  private String distribution;

  /** Upstream ref for the release: tag, branch or 40-hex commit (set by the release profile). */
  @Parameter(property = "forge.source.ref")
  private String sourceRef;

  /** The release the active service profile is for (set by the service's release profile). */
  @Parameter(property = "forge.service.release")
  private String serviceRelease;

  /** The release the active parent profile is for. */
  @Parameter(property = "forge.release")
  private String activatedRelease;

  /** Releases this branch builds. */
  @Parameter(property = "forge.releases", defaultValue = "2025.1,2025.2,2026.1")
  private String releases;

  /** Release built when none is chosen. */
  @Parameter(property = "forge.defaultRelease", defaultValue = "2025.2")
  private String defaultRelease;

  /** pip extras, comma-separated. */
  @Parameter(property = "forge.extras")
  private String extras;

  /** Extra pip requirements, comma- or space-separated. */
  @Parameter(property = "forge.pipPackages")
  private String pipPackages;

  /**
   * WSGI scripts to generate besides those the distributions declare, comma-separated
   * {@code name=module:callable} (keystone 28: keystone-wsgi-public=keystone.server.wsgi:...).
   */
  @Parameter(property = "forge.wsgiScripts")
  private String wsgiScripts;

  /** Runtime apt packages of the final image, comma- or space-separated. */
  @Parameter(property = "forge.aptPackages")
  private String aptPackages;

  /** Installer in the build stage: uv or pip. */
  @Parameter(property = "forge.installer", defaultValue = "uv")
  private String installer;

  /** Package index URL; empty for the installer's default. */
  @Parameter(property = "forge.indexUrl")
  private String indexUrl;

  /** Install without any package index (offline builds with forge.findLinks). */
  @Parameter(property = "forge.noIndex", defaultValue = "false")
  private boolean noIndex;

  /** Local wheel directories for the installer, comma-separated. */
  @Parameter(property = "forge.findLinks")
  private String findLinks;

  /** python-base pinned by digest, instead of the reactor's (CI passes it downstream). */
  @Parameter(property = "forge.pythonBase.image")
  private String pythonBaseImage;

  /** venv-builder pinned by digest, instead of the reactor's. */
  @Parameter(property = "forge.venvBuilder.image")
  private String venvBuilderImage;

  @Override
  protected void run() {
    ReleaseSelection selection = ReleaseSelection.resolve(list(releases), defaultRelease,
        session.getUserProperties().getProperty("openstack.release"),
        session.getRequest().getActiveProfiles(), activatedRelease);
    String release = selection.release();
    if (selection.defaulted()) {
      getLog().info("No release chosen (-P<release> or -Dopenstack.release=<release>): building the default, " + release);
    }
    if (serviceRelease == null || !serviceRelease.equals(release)) {
      throw new ForgeException("services/" + service + " has no profile for release " + release
          + " (its pom.xml needs a <profile><id>" + release + "</id> with forge.source.ref and forge.service.release)");
    }
    String urlProperty = "-D" + service + ".source.url";
    ServiceBuild build = new ServiceBuild(containerEngine(), assembler(), new SourceCheckout(cache()), getLog()::info);
    List<String> platforms = platforms();
    List<BuildReport> reports = new ArrayList<>();
    for (String platform : platforms) {
      Path dir = platforms.size() == 1 ? work() : work().resolve(Platforms.slug(platform));
      ServiceBuildSpec spec = new ServiceBuildSpec(service, distribution, release, sourceUrl, sourceRef, urlProperty,
          list(extras), list(pipPackages), declaredWsgiScripts(), list(aptPackages),
          new ReleaseConstraints(constraintsDir.toPath(), release, new UpperConstraintsFetcher(constraintsUrl, cache())),
          list(findLinks).stream().map(Path::of).toList(), blankToNull(indexUrl), noIndex,
          Installer.named(installer), base("python-base", pythonBaseImage, platform),
          base("venv-builder", venvBuilderImage, platform), platform, registry + "/" + service,
          patchLayout(), repositoryState(), tagPolicy(),
          Map.of(), dir, cache());
      reports.add(build.build(spec));
    }
    BuildReport report = platforms.size() == 1 ? reports.get(0) : build.index(reports, work());
    getLog().info("report: " + work().resolve("report.json") + "; image " + report.image + "@" + report.digest);
  }

  /**
   * A base image for one platform: pinned by the property (a manifest or an index digest; the
   * engine and Jib take the platform's image from an index), else from the reactor's record.
   */
  private BaseImageRef base(String module, String override, String platform) {
    if (override != null && !override.isBlank()) {
      return BaseImageRef.pinned(override.strip());
    }
    return BaseImageRef.of(ReactorImages.record(session, module).forPlatform(platform));
  }

  private Map<String, String> declaredWsgiScripts() {
    Map<String, String> scripts = new java.util.LinkedHashMap<>();
    for (String entry : list(wsgiScripts)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new ForgeException("forge.wsgiScripts entry '" + entry + "' is not name=module:callable");
      }
      scripts.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return scripts;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
