package org.c5c3.forge.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.patch.PatchLayout;

/**
 * What the goals of a service module share: the service, its upstream URL, and where this
 * repository keeps patches and constraints.
 */
abstract class AbstractServiceMojo extends AbstractForgeMojo {

  /** Service name: the image name and the patches/ directory. */
  @Parameter(property = "forge.service", defaultValue = "${project.artifactId}")
  protected String service;

  /** Upstream git URL; each service maps it from {@code <service>.source.url}. */
  @Parameter(property = "forge.source.url")
  protected String sourceUrl;

  /** The repository's patches/ directory. */
  @Parameter(property = "forge.patches.dir", defaultValue = "${maven.multiModuleProjectDirectory}/patches")
  protected File patchesDir;

  /** The directory holding the service modules (their names tell services from libraries in patches/). */
  @Parameter(property = "forge.services.dir", defaultValue = "${project.basedir}/..")
  protected File servicesDir;

  /** The repository's constraints/ directory (pins and overrides per release). */
  @Parameter(property = "forge.constraints.dir", defaultValue = "${maven.multiModuleProjectDirectory}/constraints")
  protected File constraintsDir;

  /** Where upstream upper-constraints.txt is fetched from; placeholders {commit}, {branch}, {release}. */
  @Parameter(property = "forge.constraints.url")
  protected String constraintsUrl;

  /** This repository's patches, services told from libraries by the modules under services/. */
  protected PatchLayout patchLayout() {
    return new PatchLayout(patchesDir.toPath(), serviceNames(servicesDir, service));
  }
}
