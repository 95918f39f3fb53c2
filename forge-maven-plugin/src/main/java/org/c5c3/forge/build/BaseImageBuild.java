package org.c5c3.forge.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.engine.ContainerEngine;
import org.c5c3.forge.engine.ImageBuildSpec;
import org.c5c3.forge.image.BaseImageSource;
import org.c5c3.forge.image.ImageAssembler;
import org.c5c3.forge.image.ImageConfig;
import org.c5c3.forge.image.ImageIndex;
import org.c5c3.forge.image.IndexPublisher;
import org.c5c3.forge.image.OciArchive;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.tags.ImageTag;
import org.c5c3.forge.tags.ImageTags;
import org.c5c3.forge.tags.ImmutableTagGuard;
import org.c5c3.forge.tags.PushPlan;
import org.c5c3.forge.tags.TagKind;
import org.c5c3.forge.report.StepTimings;

/**
 * Builds a base image (python-base or venv-builder) from its Containerfile with the container
 * engine, exports it, and lets Jib turn it into the OCI archive whose digest pins it. Publishing
 * is {@link #push}: Jib again, so the pushed digest equals the recorded one.
 */
public final class BaseImageBuild {

  /**
   * @param name image name, e.g. {@code python-base}
   * @param repository e.g. {@code ghcr.io/c5c3/python-base}
   * @param containerfile the module's Containerfile
   * @param contextFiles files (relative name → source) copied into the build context beside it
   * @param buildArgs e.g. {@code BASE_IMAGE}
   * @param labels OCI labels
   * @param created creation time (this repository's commit time)
   */
  public record Spec(String name, String repository, Path containerfile, Map<String, Path> contextFiles,
      Map<String, String> buildArgs, Map<String, String> labels, String platform, Instant created,
      ImageTags tags) {}

  private final ContainerEngine engine;
  private final ImageAssembler assembler;
  private final Path workDir;
  private final Consumer<String> log;

  public BaseImageBuild(ContainerEngine engine, ImageAssembler assembler, Path workDir, Consumer<String> log) {
    this.engine = engine;
    this.assembler = assembler;
    this.workDir = workDir;
    this.log = log;
  }

  public BaseImageRecord build(Spec spec) {
    StepTimings timings = new StepTimings();
    Path context = workDir.resolve("context");
    timings.time("context", () -> prepareContext(spec, context));
    String localImage = LocalImageNames.of(spec.name(), workDir);
    log.accept("building " + spec.name() + " with " + engine.name() + " from " + spec.containerfile());
    timings.time("engine-build", () -> engine.build(new ImageBuildSpec(context.resolve("Containerfile"), context,
        localImage, spec.buildArgs(), spec.labels(), spec.platform())));
    Path dockerArchive = workDir.resolve(spec.name() + ".docker.tar");
    timings.time("export", () -> engine.exportDockerArchive(localImage, dockerArchive));
    Path ociArchive = workDir.resolve("image.tar");
    String digest = timings.time("assemble", () -> assembler.toArchive(
        BaseImageSource.tarball(localImage, dockerArchive), List.of(),
        new ImageConfig(null, Map.of(), Map.of(), spec.created()), spec.repository() + ":" + spec.tags().names().get(0),
        ociArchive));
    log.accept(spec.name() + " is " + spec.repository() + "@" + digest);

    BaseImageRecord record = new BaseImageRecord();
    record.name = spec.name();
    record.repository = spec.repository();
    record.localImage = localImage;
    record.archive = dockerArchive.toString();
    record.digest = digest;
    record.tags = spec.tags().names();
    spec.tags().all().forEach(t -> record.tagKinds.put(t.name(), t.kind().name()));
    record.platform = spec.platform();
    record.created = spec.created().toString();
    record.write(workDir.resolve("image.json"));

    BuildReport report = new BuildReport();
    report.kind = "base";
    report.service = spec.name();
    // The source of a base image is this repository at the commit it was built from.
    report.source = new BuildReport.Source();
    report.source.url = spec.labels().get("org.opencontainers.image.source");
    report.source.commit = spec.labels().get("org.opencontainers.image.revision");
    report.source.commitTime = spec.created().toString();
    report.image = spec.repository();
    report.digest = digest;
    report.archive = ociArchive.toString();
    report.engine = engine.name();
    report.platform = spec.platform();
    report.tags = spec.tags().names();
    report.tagKinds = record.tagKinds;
    OciArchive oci = OciArchive.read(ociArchive);
    oci.layers().forEach(l -> report.layers.add(new BuildReport.Layer(spec.name(), l.digest(), l.size(), l.mediaType())));
    report.timings = timings.asMap();
    report.write(workDir.resolve("report.json"));
    return record;
  }

  /**
   * Records the per-platform builds (made in subdirectories of this build's work directory) as
   * one multi-platform image: {@code image.json} with the index digest, and {@code index.json}.
   */
  public BaseImageRecord index(String name, String repository, Map<String, BaseImageRecord> perPlatform,
      ImageTags tags) {
    List<ImageIndex.Entry> entries = new java.util.ArrayList<>();
    perPlatform.forEach((platform, r) -> entries.add(
        ImageIndex.entryOf(OciArchive.read(Path.of(r.archive).resolveSibling("image.tar")))));
    ImageIndex index = new ImageIndex(entries);
    BaseImageRecord record = new BaseImageRecord();
    record.name = name;
    record.repository = repository;
    record.digest = index.digest();
    record.platforms = new java.util.LinkedHashMap<>(perPlatform);
    record.tags = tags.names();
    tags.all().forEach(t -> record.tagKinds.put(t.name(), t.kind().name()));
    try {
      Files.createDirectories(workDir);
      Files.write(workDir.resolve("index.json"), index.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    record.write(workDir.resolve("image.json"));
    BuildReport report = new BuildReport();
    report.kind = "base";
    report.service = name;
    report.image = repository;
    report.digest = record.digest;
    report.tags = record.tags;
    report.tagKinds = record.tagKinds;
    report.platform = String.join(",", perPlatform.keySet());
    report.platforms = new java.util.LinkedHashMap<>();
    perPlatform.forEach((platform, r) -> report.platforms.put(platform, new BuildReport.PlatformImage(r.digest,
        Path.of(r.archive).resolveSibling("image.tar").toString(),
        Path.of(r.archive).resolveSibling("report.json").toString())));
    report.write(workDir.resolve("report.json"));
    log.accept(name + " index " + repository + "@" + record.digest + " over " + String.join(", ", perPlatform.keySet()));
    return record;
  }

  /** Pushes a multi-platform record: each platform's image by digest, then the index under the tags. */
  public BaseImageRecord pushIndex(BaseImageRecord record, ImmutableTagGuard guard, IndexPublisher publisher) {
    ImageTags all = ImageTags.of(record.tags.stream()
        .map(n -> ImageTag.of(TagKind.valueOf(record.tagKinds.get(n)), n)).toList());
    PushPlan plan = guard.plan(record.repository, record.digest, all);
    log.accept(plan.summary());
    List<OciArchive> images = record.platforms.values().stream()
        .map(r -> OciArchive.read(Path.of(r.archive).resolveSibling("image.tar"))).toList();
    List<ImageIndex.Entry> entries = images.stream().map(ImageIndex::entryOf).toList();
    String repoPath = record.repository.substring(record.repository.indexOf('/') + 1);
    String digest = publisher.publish(repoPath, images, new ImageIndex(entries), plan.tagNames(),
        workDir.resolve("push-scratch"));
    if (!digest.equals(record.digest)) {
      throw new ForgeException("pushed index " + digest + " but recorded " + record.digest);
    }
    record.reference = record.pinned();
    record.write(workDir.resolve("image.json"));
    BuildReport report = BuildReport.read(workDir.resolve("report.json"));
    report.pushedDigest = digest;
    report.pushedTags = plan.tagNames();
    report.write(workDir.resolve("report.json"));
    return record;
  }

  /**
   * Pushes the recorded image under its tags; fails if the pushed digest is not the recorded one,
   * and pushes nothing if an immutable tag already holds other content.
   */
  public BaseImageRecord push(BaseImageRecord record, ImmutableTagGuard guard) {
    ImageTags all = ImageTags.of(record.tags.stream()
        .map(n -> ImageTag.of(TagKind.valueOf(record.tagKinds.get(n)), n)).toList());
    PushPlan plan = guard.plan(record.repository, record.digest, all);
    log.accept(plan.summary());
    List<String> tags = plan.tagNames();
    if (tags.isEmpty()) {
      record.reference = record.pinned();
      record.write(workDir.resolve("image.json"));
      return record;
    }
    String digest = assembler.toRegistry(BaseImageSource.tarball(record.localImage, Path.of(record.archive)),
        List.of(), new ImageConfig(null, Map.of(), Map.of(), Instant.parse(record.created)),
        record.repository + ":" + tags.get(0), tags.subList(1, tags.size()));
    if (!digest.equals(record.digest)) {
      throw new ForgeException("pushed " + record.repository + " as " + digest + " but package recorded "
          + record.digest + "; the archive changed between package and deploy. Rebuild with `mvn clean deploy`.");
    }
    record.reference = record.pinned();
    record.write(workDir.resolve("image.json"));
    BuildReport report = BuildReport.read(workDir.resolve("report.json"));
    report.pushedDigest = digest;
    report.pushedTags = tags;
    report.write(workDir.resolve("report.json"));
    log.accept("pushed " + record.reference + " as " + String.join(", ", tags));
    return record;
  }

  private static void prepareContext(Spec spec, Path context) {
    try {
      FileTrees.deleteRecursively(context);
      Files.createDirectories(context);
      Files.copy(spec.containerfile(), context.resolve("Containerfile"), StandardCopyOption.REPLACE_EXISTING);
      for (Map.Entry<String, Path> f : spec.contextFiles().entrySet()) {
        Path target = context.resolve(f.getKey());
        Files.createDirectories(target.getParent());
        Files.copy(f.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
