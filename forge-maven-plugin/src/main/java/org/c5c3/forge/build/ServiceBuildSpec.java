package org.c5c3.forge.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.install.Installer;
import org.c5c3.forge.patch.PatchLayout;
import org.c5c3.forge.tags.RepositoryState;
import org.c5c3.forge.tags.TagPolicy;

/**
 * Everything one service image build takes; the Mojo fills it from the service's POM.
 *
 * @param service module name, e.g. {@code keystone}
 * @param distribution Python distribution name, e.g. {@code openstack-placement}
 * @param release OpenStack release, e.g. {@code 2025.2}
 * @param sourceUrl upstream git URL
 * @param sourceRef tag, branch or 40-hex commit
 * @param sourceUrlProperty the property that overrides the URL (for error messages)
 * @param extras pip extras
 * @param pipPackages extra pip requirements
 * @param wsgiScripts WSGI scripts to generate, name → module:callable, besides those the
 *     distributions' entry points name
 * @param aptPackages runtime apt packages of the final image
 * @param constraints the release's pinned upstream constraints and overrides
 * @param findLinks local wheel directories for the installer
 * @param indexUrl package index, or null for the installer's default
 * @param noIndex install without any index
 * @param installer uv or pip
 * @param pythonBase the runtime base
 * @param venvBuilder the build-stage image
 * @param platform e.g. {@code linux/amd64}, or null for the host's
 * @param imageRepository e.g. {@code ghcr.io/c5c3/keystone}
 * @param patches this repository's patches/ directory
 * @param repository this repository's branch and commit (tags)
 * @param tagPolicy which tag kinds this branch gets
 * @param labels extra OCI labels
 * @param workDir {@code target/forge}
 * @param cacheDir forge's cache ({@code ~/.cache/forge}): build-stage and runtime-base caches
 */
public record ServiceBuildSpec(
    String service,
    String distribution,
    String release,
    String sourceUrl,
    String sourceRef,
    String sourceUrlProperty,
    List<String> extras,
    List<String> pipPackages,
    Map<String, String> wsgiScripts,
    List<String> aptPackages,
    ReleaseConstraints constraints,
    List<Path> findLinks,
    String indexUrl,
    boolean noIndex,
    Installer installer,
    BaseImageRef pythonBase,
    BaseImageRef venvBuilder,
    String platform,
    String imageRepository,
    PatchLayout patches,
    RepositoryState repository,
    TagPolicy tagPolicy,
    Map<String, String> labels,
    Path workDir,
    Path cacheDir) {}
