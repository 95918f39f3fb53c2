package org.c5c3.forge.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.build.BaseImageBuild;
import org.c5c3.forge.build.BaseImageRecord;
import org.c5c3.forge.build.Platforms;
import org.c5c3.forge.engine.ContainerEngine;
import org.c5c3.forge.constraints.ConstraintsPin;
import org.c5c3.forge.tags.ImageTags;
import org.c5c3.forge.tags.RepositoryState;
import org.c5c3.forge.constraints.UpperConstraintsFetcher;

/**
 * Builds a base image (python-base, venv-builder) from the module's Containerfile with the
 * container engine, records it in {@code target/forge/image.json} and attaches that file to the
 * module, so service modules find it through the reactor.
 */
@Mojo(name = "build-base-image", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class BuildBaseImageMojo extends AbstractForgeMojo {

  /** The image's name under {@code forge.registry}. */
  @Parameter(property = "forge.imageName", defaultValue = "${project.artifactId}")
  private String imageName;

  /** The Containerfile. */
  @Parameter(defaultValue = "${project.basedir}/Containerfile")
  private File containerfile;

  /** Build arguments; {@code BASE_IMAGE} is set from {@code forge.baseImage} unless given. */
  @Parameter
  private Map<String, String> buildArgs = new LinkedHashMap<>();

  /** The distribution image to start from (production: ubuntu:noble). */
  @Parameter(property = "forge.baseImage", defaultValue = "ubuntu:noble")
  private String baseImage;

  /**
   * A reactor base module this image is built FROM (venv-builder: {@code python-base}); its
   * local image is passed as build argument {@code PYTHON_BASE}.
   */
  @Parameter
  private String fromModule;

  /** Flavour tag, e.g. {@code 3.12-noble}. */
  @Parameter(property = "forge.baseFlavour", defaultValue = "3.12-noble")
  private String flavour;

  /** Extra files for the build context: target name in the context → source file. */
  @Parameter
  private Map<String, File> contextFiles = new LinkedHashMap<>();

  /**
   * Releases whose upstream upper-constraints this image carries, at
   * {@code /etc/forge/constraints/<release>/upper-constraints.txt} (venv-builder).
   */
  @Parameter
  private List<String> constraintsReleases = new java.util.ArrayList<>();

  /** The repository's constraints/ directory (pins per release). */
  @Parameter(property = "forge.constraints.dir", defaultValue = "${maven.multiModuleProjectDirectory}/constraints")
  private File constraintsDir;

  /** Where upstream upper-constraints.txt is fetched from; placeholders {commit}, {branch}, {release}. */
  @Parameter(property = "forge.constraints.url")
  private String constraintsUrl;

  @Override
  protected void run() {
    if (!containerfile.isFile()) {
      throw new ForgeException("no Containerfile at " + containerfile + " (module " + project.getArtifactId() + ")");
    }
    BaseImageRecord parent = fromModule == null || fromModule.isBlank() ? null
        : ReactorImages.record(session, fromModule);
    RepositoryState state = repositoryState();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", imageName);
    labels.put("org.opencontainers.image.description", project.getDescription() == null ? imageName : project.getDescription());
    labels.put("org.opencontainers.image.licenses", "Apache-2.0");
    labels.put("org.opencontainers.image.vendor", "C5C3");
    labels.put("org.opencontainers.image.source", project.getUrl() == null ? "" : project.getUrl());
    labels.put("org.opencontainers.image.revision", state.commit());
    Map<String, Path> files = new LinkedHashMap<>();
    contextFiles.forEach((k, v) -> {
      if (!v.isFile()) {
        throw new ForgeException("context file " + v + " (for " + k + ") does not exist");
      }
      files.put(k, v.toPath());
    });
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(constraintsUrl, cache());
    for (String release : constraintsReleases) {
      ConstraintsPin pin = ConstraintsPin.read(constraintsDir.toPath(), release);
      fetcher.fetch(pin);
      files.put("constraints/" + release + "/upper-constraints.txt", fetcher.cacheFile(pin));
    }
    ImageTags tags = tagPolicy().select(ImageTags.forBase(flavour, state), state.branch());
    ContainerEngine engine = containerEngine();
    List<String> platforms = platforms();
    Map<String, BaseImageRecord> built = new LinkedHashMap<>();
    for (String platform : platforms) {
      Map<String, String> args = new LinkedHashMap<>();
      // {arch} lets a test base name one local image per architecture; ubuntu:noble is multi-arch.
      args.put("BASE_IMAGE", platform == null ? baseImage.replace("{arch}", "amd64")
          : baseImage.replace("{arch}", Platforms.architecture(platform)));
      args.putAll(buildArgs);
      if (parent != null) {
        args.put("PYTHON_BASE", parent.forPlatform(platform).localImage);
      }
      Path dir = platforms.size() == 1 ? work() : work().resolve(Platforms.slug(platform));
      built.put(String.valueOf(platform), new BaseImageBuild(engine, assembler(), dir, getLog()::info)
          .build(new BaseImageBuild.Spec(imageName, registry + "/" + imageName, containerfile.toPath(), files, args,
              labels, platform, commitTime(project.getBasedir().toPath(), state.commit()), tags)));
    }
    BaseImageRecord record = platforms.size() == 1 ? built.values().iterator().next()
        : new BaseImageBuild(engine, assembler(), work(), getLog()::info)
            .index(imageName, registry + "/" + imageName, built, tags);
    ReactorImages.attach(project, work().resolve("image.json"));
    getLog().info(imageName + ": " + record.pinned());
  }

  /** When this repository's commit was made; the base image's creation time (epoch when unknown). */
  private static Instant commitTime(java.nio.file.Path dir, String sha) {
    try (org.eclipse.jgit.lib.Repository repo = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
        .findGitDir(dir.toFile()).setMustExist(true).build();
        org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
      return Instant.ofEpochSecond(walk.parseCommit(org.eclipse.jgit.lib.ObjectId.fromString(sha)).getCommitTime());
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Instant.EPOCH;
    }
  }
}
