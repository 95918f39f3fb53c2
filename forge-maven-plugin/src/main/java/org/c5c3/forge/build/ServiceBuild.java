package org.c5c3.forge.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.ConstraintChange;
import org.c5c3.forge.constraints.EffectiveConstraints;
import org.c5c3.forge.constraints.PackageName;
import org.c5c3.forge.install.LocalVersionWheel;
import org.c5c3.forge.patch.LibraryPatchSet;
import org.c5c3.forge.engine.ContainerEngine;
import org.c5c3.forge.engine.ImageBuildSpec;
import org.c5c3.forge.engine.StageSpec;
import org.c5c3.forge.image.BaseImageSource;
import org.c5c3.forge.image.ImageAssembler;
import org.c5c3.forge.image.ImageConfig;
import org.c5c3.forge.image.ImageIndex;
import org.c5c3.forge.image.IndexPublisher;
import org.c5c3.forge.image.OciArchive;
import org.c5c3.forge.image.VenvLayerBuilder;
import org.c5c3.forge.image.DistributionLayerPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.c5c3.forge.image.VenvSkeleton;
import org.c5c3.forge.image.WsgiScripts;
import org.c5c3.forge.install.InstallRequest;
import org.c5c3.forge.patch.AppliedPatch;
import org.c5c3.forge.patch.AppliedSeries;
import org.c5c3.forge.patch.PatchApplier;
import org.c5c3.forge.patch.PatchSeries;
import org.c5c3.forge.tags.ImageTags;
import org.c5c3.forge.tags.ImmutableTagGuard;
import org.c5c3.forge.tags.PushPlan;
import org.c5c3.forge.tags.UpstreamVersion;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.c5c3.forge.install.Installer;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.report.StepTimings;
import org.c5c3.forge.source.CheckedOutSource;
import org.c5c3.forge.source.SourceCheckout;

/**
 * One service image, end to end: check the upstream ref out, run the build stage in venv-builder,
 * assemble python-base + the venv with Jib into an OCI archive, and record it all in
 * {@code report.json}. {@link #push} publishes exactly that image.
 */
public final class ServiceBuild {

  /** Where the venv lives, in the build stage and in the image. */
  public static final String VENV = "/var/lib/openstack";
  /** The service user and group. */
  public static final String USER = "42424:42424";

  private final ContainerEngine engine;
  private final ImageAssembler assembler;
  private final SourceCheckout checkout;
  private final Consumer<String> log;

  public ServiceBuild(ContainerEngine engine, ImageAssembler assembler, SourceCheckout checkout, Consumer<String> log) {
    this.engine = engine;
    this.assembler = assembler;
    this.checkout = checkout;
    this.log = log;
  }

  /** Runs the build; the result is in {@code spec.workDir()}. */
  public BuildReport build(ServiceBuildSpec spec) {
    StepTimings timings = new StepTimings();
    Path work = spec.workDir();
    try {
      Files.createDirectories(work);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BuildReport report = new BuildReport();
    report.kind = "service";
    report.service = spec.service();
    report.release = spec.release();
    report.distribution = spec.distribution();
    report.engine = engine.name();
    report.installer = spec.installer().name();
    report.platform = spec.platform();
    report.baseImages.put("python-base", spec.pythonBase().pinned());
    report.baseImages.put("venv-builder", spec.venvBuilder().pinned());

    CheckedOutSource source = timings.time("checkout", () -> checkout.checkout(spec.sourceUrl(), spec.sourceRef(),
        work.resolve("src"), spec.sourceUrlProperty()));
    log.accept(spec.service() + " " + spec.release() + ": " + source.url() + " " + source.ref() + " is "
        + source.kind().name().toLowerCase() + " " + source.commit());
    report.source = new BuildReport.Source();
    report.source.url = source.url();
    report.source.ref = source.ref();
    report.source.refKind = source.kind().name().toLowerCase();
    report.source.commit = source.commit();
    report.source.commitTime = source.commitTime().toString();
    String version = upstreamVersion(source);
    report.version = version;

    PatchSeries servicePatches = spec.patches().servicePatches(spec.service(), spec.release());
    timings.time("patch", () -> applyPatches(source, servicePatches, report));
    List<PatchedLibrary> libraries = timings.time("libraries", () -> buildLibraries(spec, report));
    int patchCount = servicePatches.size() + libraries.stream().mapToInt(l -> l.patches().size()).sum();

    EffectiveConstraints effective = timings.time("constraints", () -> {
      EffectiveConstraints e = spec.constraints().effective();
      for (PatchedLibrary lib : libraries) {
        e = e.pin(PackageName.of(lib.library()), lib.version(), lib.patches().size() + " patch(es) from "
            + lib.patches().directory(), "patches/" + lib.library() + "/" + spec.release());
      }
      return e;
    });
    Path constraints = effective.writeTo(work);
    for (ConstraintChange c : effective.changes()) {
      report.overrides.add(new BuildReport.Override(c.name().toString(), c.from(), c.to(), c.reason(), c.origin()));
      log.accept("constraint: " + c.describe());
    }
    ImageTags tags = spec.tagPolicy().select(
        ImageTags.forService(version, patchCount, spec.release(), spec.repository()), spec.repository().branch());
    if (tags.isEmpty()) {
      throw new ForgeException("the tag policy gives this image no tag on branch " + spec.repository().branch()
          + "; check forge.tagPolicy");
    }


    VenvSkeleton skeleton = timings.time("skeleton", () -> VenvSkeleton.parse(
        engine.output(spec.pythonBase().forEngine(), spec.platform(), VenvSkeleton.listCommand(VENV))));
    writeString(work.resolve("skeleton.txt"), skeleton.render());

    Path venv = work.resolve("venv");
    BuildStageCache cache = new BuildStageCache(spec.cacheDir(), log);
    BuildStageCache.Inputs inputs = timings.time("cache-key", () -> cacheInputs(spec, source, constraints, libraries));
    boolean hit = timings.time("build-stage-cache", () -> cache.restore(BuildStageCache.key(inputs), venv));
    report.buildStageCache = hit ? "hit" : "miss";
    if (!hit) {
      // Only the service's source changed since a cached build: reinstall just the service.
      java.util.Optional<Path> dependencies = cache.dependencyVenv(BuildStageCache.dependencyKey(inputs));
      if (dependencies.isPresent()) {
        report.buildStageCache = "dependencies";
        log.accept("build-stage cache: dependency set hit; reinstalling only " + spec.distribution());
      }
      timings.time("build-stage", () -> runBuildStage(spec, source, constraints, libraries, venv,
          dependencies.orElse(null)));
      // Stored before the WSGI scripts are generated: generating them is cheap and deterministic.
      cache.store(inputs, venv);
    }
    List<String> generated = new WsgiScripts(VENV).generate(venv, spec.wsgiScripts());
    if (!generated.isEmpty()) {
      log.accept("generated WSGI scripts: " + String.join(", ", generated));
    }

    BaseImageSource runtimeBase = timings.time("runtime-base", () -> runtimeBase(spec));
    ImageConfig config = imageConfig(spec, source, version);
    Path archive = work.resolve("image.tar");
    DistributionLayerPlan plan = DistributionLayerPlan.of(venv, spec.distribution(), libraryNames(libraries),
        skeleton, VENV);
    report.layerPlan = plan.summary();
    List<FileEntriesLayer> venvLayers = new VenvLayerBuilder(VENV, skeleton).build(venv, plan);
    String digest = timings.time("assemble", () -> assembler.toArchive(runtimeBase, venvLayers, config,
        spec.imageRepository() + ":" + tags.names().get(0), archive));
    log.accept(spec.service() + " image " + spec.imageRepository() + "@" + digest);

    report.image = spec.imageRepository();
    report.digest = digest;
    report.archive = archive.toString();
    report.tags = tags.names();
    tags.all().forEach(t -> report.tagKinds.put(t.name(), t.kind().name()));
    report.assembly = new BuildReport.Assembly(runtimeBase.reference(),
        runtimeBase.isTarball() ? runtimeBase.tarball().toString() : null, config.user(), config.environment(),
        config.labels(), config.created().toString());
    List<OciArchive.Descriptor> layers = OciArchive.read(archive).layers();
    int baseCount = layers.size() - venvLayers.size();
    for (int i = 0; i < layers.size(); i++) {
      OciArchive.Descriptor l = layers.get(i);
      String name = i < baseCount ? "base" : venvLayers.get(i - baseCount).getName();
      report.layers.add(new BuildReport.Layer(name, l.digest(), l.size(), l.mediaType()));
    }
    report.timings = timings.asMap();
    report.write(work.resolve("report.json"));
    return report;
  }

  /**
   * Records per-platform builds as one multi-platform image: {@code report.json} in
   * {@code workDir} describes the index (its digest, the tags, each platform's image and report);
   * the service, source, patches and overrides are the same for every platform.
   */
  public BuildReport index(List<BuildReport> perPlatform, Path workDir) {
    List<ImageIndex.Entry> entries = new ArrayList<>();
    BuildReport report = BuildReport.read(Path.of(perPlatform.get(0).archive).resolveSibling("report.json"));
    report.platforms = new LinkedHashMap<>();
    report.layers = new ArrayList<>();
    for (BuildReport r : perPlatform) {
      OciArchive archive = OciArchive.read(Path.of(r.archive));
      entries.add(ImageIndex.entryOf(archive));
      report.platforms.put(r.platform, new BuildReport.PlatformImage(r.digest, r.archive,
          Path.of(r.archive).resolveSibling("report.json").toString()));
    }
    ImageIndex index = new ImageIndex(entries);
    report.digest = index.digest();
    report.archive = null;
    report.platform = String.join(",", report.platforms.keySet());
    report.assembly = null;
    try {
      Files.createDirectories(workDir);
      Files.write(workDir.resolve("index.json"), index.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    report.write(workDir.resolve("report.json"));
    log.accept(report.image + " index @" + report.digest + " over " + report.platform);
    return report;
  }

  /** Pushes a multi-platform image: each platform's image by digest, then the index under the tags. */
  public BuildReport pushIndex(Path workDir, ImmutableTagGuard guard, IndexPublisher publisher) {
    BuildReport report = BuildReport.read(workDir.resolve("report.json"));
    PushPlan plan = guard.plan(report.image, report.digest, report.imageTags());
    log.accept(plan.summary());
    List<OciArchive> images = report.platforms.values().stream().map(p -> OciArchive.read(Path.of(p.archive()))).toList();
    String repoPath = report.image.substring(report.image.indexOf('/') + 1);
    String digest = publisher.publish(repoPath, images, new ImageIndex(images.stream().map(ImageIndex::entryOf).toList()),
        plan.tagNames(), workDir.resolve("push-scratch"));
    if (!digest.equals(report.digest)) {
      throw new ForgeException("pushed index " + digest + " but built " + report.digest);
    }
    report.pushedDigest = digest;
    report.pushedTags = plan.tagNames();
    report.write(workDir.resolve("report.json"));
    return report;
  }

  /**
   * Pushes the image {@link #build} recorded; the digest must be the recorded one. Immutable tags
   * are checked first: if one already holds other content nothing is pushed at all.
   */
  public BuildReport push(Path workDir, ImmutableTagGuard guard, VenvSkeleton skeleton) {
    BuildReport report = BuildReport.read(workDir.resolve("report.json"));
    PushPlan plan = guard.plan(report.image, report.digest, report.imageTags());
    log.accept(plan.summary());
    List<String> tags = plan.tagNames();
    if (tags.isEmpty()) {
      log.accept("every tag already holds " + report.digest + "; nothing to push");
      report.pushedDigest = report.digest;
      report.pushedTags = List.of();
      report.write(workDir.resolve("report.json"));
      return report;
    }
    BuildReport.Assembly a = report.assembly;
    BaseImageSource base = a.baseTarball() != null
        ? BaseImageSource.tarball(a.baseReference(), Path.of(a.baseTarball())) : BaseImageSource.registry(a.baseReference());
    ImageConfig config = new ImageConfig(a.user(), a.environment(), a.labels(), java.time.Instant.parse(a.created()),
        report.platform);
    Path venv = workDir.resolve("venv");
    Set<String> libraries = new TreeSet<>();
    report.libraries.forEach(l -> libraries.add(l.name()));
    DistributionLayerPlan layerPlan = DistributionLayerPlan.of(venv, report.distribution, libraries, skeleton, VENV);
    String digest = assembler.toRegistry(base, new VenvLayerBuilder(VENV, skeleton).build(venv, layerPlan), config,
        report.image + ":" + tags.get(0), tags.subList(1, tags.size()));
    if (!digest.equals(report.digest)) {
      throw new ForgeException("pushed " + report.image + " as " + digest + " but package built " + report.digest
          + "; something changed between package and deploy. Rebuild with `mvn clean deploy`.");
    }
    report.pushedDigest = digest;
    report.pushedTags = tags;
    report.write(workDir.resolve("report.json"));
    return report;
  }

  private static Set<String> libraryNames(List<PatchedLibrary> libraries) {
    Set<String> names = new TreeSet<>();
    libraries.forEach(l -> names.add(l.library()));
    return names;
  }

  /**
   * Everything the build stage's output depends on, as content hashes: a wrong cache hit would
   * ship a stale venv, so when in doubt an input is in here.
   */
  private static BuildStageCache.Inputs cacheInputs(ServiceBuildSpec spec, CheckedOutSource source, Path constraints,
      List<PatchedLibrary> libraries) {
    try {
      Map<String, String> libs = new TreeMap<>();
      for (PatchedLibrary lib : libraries) {
        libs.put(lib.library(), SourceTreeHash.hashFile(lib.wheel()));
      }
      Map<String, String> wheelDirs = new TreeMap<>();
      for (int i = 0; i < spec.findLinks().size(); i++) {
        wheelDirs.put("/forge/find-links/" + i, SourceTreeHash.of(spec.findLinks().get(i)));
      }
      InstallRequest request = installRequest(spec, libraries.stream()
          .map(l -> "/forge/lib-wheels/" + l.wheel().getFileName()).toList());
      return new BuildStageCache.Inputs(spec.venvBuilder().digest(), spec.pythonBase().digest(),
          spec.installer().name(), spec.installer().script(request), Files.readString(constraints),
          SourceTreeHash.of(source.workTree()), SourceTreeHash.dependencyDeclarations(source.workTree()), libs,
          wheelDirs, spec.extras(), spec.pipPackages(), String.valueOf(spec.platform()), stageEnvironment(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The build stage's environment: hash-checked .pyc files and fixed times inside wheels. */
  private static Map<String, String> stageEnvironment(CheckedOutSource source) {
    return Map.of("SOURCE_DATE_EPOCH", Long.toString(source.commitTime().getEpochSecond()));
  }

  /** The version tag of the checked-out commit, e.g. {@code 28.0.0} or {@code 28.0.1-dev3-gabc1234}. */
  private static String upstreamVersion(CheckedOutSource source) {
    try (Repository repo = new FileRepositoryBuilder().setWorkTree(source.workTree().toFile()).setMustExist(true)
        .build()) {
      return UpstreamVersion.of(repo, ObjectId.fromString(source.commit()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void applyPatches(CheckedOutSource source, PatchSeries series, BuildReport report) {
    if (series.isEmpty()) {
      return;
    }
    AppliedSeries applied = new PatchApplier().apply(source.workTree(), series);
    for (AppliedPatch p : applied.patches()) {
      report.patches.add(new BuildReport.Patch(series.component(), p.patch().path().toAbsolutePath().toString(),
          p.patch().subject(),
          p.patch().sha256(), p.patch().issues().stream().map(i -> i.id()).toList()));
      log.accept("applied " + p.patch().displayPath() + " (" + String.join(", ", p.files()) + ")");
    }
  }

  /** A library built from patched source, with the local version its wheel got. */
  record PatchedLibrary(String library, String commit, String version, Path wheel, PatchSeries patches) {}

  /**
   * Level 2 patching: each library with patches for this release is checked out at its configured
   * ref, patched, built into a wheel in venv-builder, and given a local version
   * ({@code <version>+c5c3.<patches>}) that the constraints then pin.
   */
  private List<PatchedLibrary> buildLibraries(ServiceBuildSpec spec, BuildReport report) {
    List<LibraryPatchSet> sets = spec.patches().libraryPatches(spec.release());
    if (sets.isEmpty()) {
      return List.of();
    }
    Path libs = spec.workDir().resolve("libs");
    List<StageSpec.Mount> mounts = new ArrayList<>(findLinkMounts(spec));
    List<String> sources = new ArrayList<>();
    Map<String, CheckedOutSource> checkouts = new LinkedHashMap<>();
    Map<String, Path> cachedWheels = new LinkedHashMap<>();
    for (LibraryPatchSet set : sets) {
      CheckedOutSource lib = checkout.checkout(set.url(), set.ref(), libs.resolve("src").resolve(set.library()),
          "url= in patches/" + set.library() + "/library.properties");
      applyPatches(lib, set.series(), report);
      checkouts.put(set.library(), lib);
      Path cacheEntry = libraryWheelCache(spec, lib, set);
      Optional<Path> hit = wheelIn(cacheEntry);
      if (hit.isPresent()) {
        log.accept("library wheel cache hit: " + hit.get().getFileName());
        cachedWheels.put(set.library(), hit.get());
        continue;
      }
      String inStage = "/forge/libs/" + set.library();
      mounts.add(new StageSpec.Mount(lib.workTree(), inStage, true));
      sources.add(inStage);
    }
    Path built = libs.resolve("wheels");
    if (!sources.isEmpty()) {
      InstallRequest request = installRequest(spec, List.of());
      log.accept("building patched libraries: " + String.join(", ", sources));
      engine.runStage(new StageSpec(spec.venvBuilder().forEngine(), spec.platform(), mounts,
          Map.of("SOURCE_DATE_EPOCH", Long.toString(checkouts.values().iterator().next().commitTime().getEpochSecond())),
          spec.installer().wheelScript(request, sources, "/tmp/forge/lib-wheels"), "/tmp/forge/lib-wheels", built));
    }
    List<PatchedLibrary> result = new ArrayList<>();
    for (LibraryPatchSet set : sets) {
      CheckedOutSource lib = checkouts.get(set.library());
      Path wheel = cachedWheels.get(set.library());
      String version;
      if (wheel == null) {
        LocalVersionWheel.Result relabelled = LocalVersionWheel.relabel(findWheel(built, set.library()),
            "c5c3." + set.series().size(), libs.resolve("relabelled"));
        wheel = cacheWheel(relabelled.wheel(), libraryWheelCache(spec, lib, set));
        version = relabelled.version();
      } else {
        version = wheel.getFileName().toString().split("-")[1];
      }
      report.libraries.add(new BuildReport.Library(set.library(), set.url(), set.ref(), lib.commit(), version));
      log.accept(set.library() + " " + set.ref() + " patched as " + version);
      result.add(new PatchedLibrary(set.library(), lib.commit(), version, wheel, set.series()));
    }
    return result;
  }

  /**
   * Where the relabelled wheel of a patched library is cached: keyed by everything it is built
   * from (the patched tree, venv-builder, installer, platform, patch count).
   */
  private static Path libraryWheelCache(ServiceBuildSpec spec, CheckedOutSource lib, LibraryPatchSet set) {
    String key = sha256(String.join("\n", set.library(), SourceTreeHash.of(lib.workTree()),
        spec.venvBuilder().digest(), spec.installer().name(), String.valueOf(spec.platform()),
        Integer.toString(set.series().size())));
    return spec.cacheDir().resolve("library-wheels").resolve(key);
  }

  /** Copies a wheel into its cache entry; the move is atomic, so a half-written wheel is never a hit. */
  private static Path cacheWheel(Path wheel, Path entry) {
    try {
      Files.createDirectories(entry);
      Path target = entry.resolve(wheel.getFileName());
      Path partial = entry.resolve(wheel.getFileName() + ".part");
      Files.copy(wheel, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> wheelIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".whl")).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The wheel of {@code library} in {@code dir}: wheel names spell the distribution with {@code _}. */
  private static Path findWheel(Path dir, String library) {
    PackageName wanted = PackageName.of(library);
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".whl"))
          .filter(p -> PackageName.of(p.getFileName().toString().split("-")[0]).equals(wanted))
          .findFirst().orElseThrow(() -> new ForgeException("building the patched library " + library
              + " gave no wheel of that name in " + dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<StageSpec.Mount> findLinkMounts(ServiceBuildSpec spec) {
    List<StageSpec.Mount> mounts = new ArrayList<>();
    for (int i = 0; i < spec.findLinks().size(); i++) {
      mounts.add(new StageSpec.Mount(spec.findLinks().get(i), "/forge/find-links/" + i, true));
    }
    return mounts;
  }

  private static InstallRequest installRequest(ServiceBuildSpec spec, List<String> libraryWheels) {
    List<String> findLinks = new ArrayList<>();
    for (int i = 0; i < spec.findLinks().size(); i++) {
      findLinks.add("/forge/find-links/" + i);
    }
    return new InstallRequest(VENV, "/forge/src", spec.extras(), libraryWheels, spec.pipPackages(),
        "/forge/constraints.txt", findLinks, spec.indexUrl(), spec.noIndex());
  }

  private void runBuildStage(ServiceBuildSpec spec, CheckedOutSource source, Path constraints,
      List<PatchedLibrary> libraries, Path venv, Path dependencyVenv) {
    List<StageSpec.Mount> mounts = new ArrayList<>();
    mounts.add(new StageSpec.Mount(source.workTree(), "/forge/src", true));
    mounts.add(new StageSpec.Mount(constraints, "/forge/constraints.txt", true));
    mounts.addAll(findLinkMounts(spec));
    List<String> wheels = new ArrayList<>();
    for (PatchedLibrary lib : libraries) {
      String inStage = "/forge/lib-wheels/" + lib.wheel().getFileName();
      mounts.add(new StageSpec.Mount(lib.wheel(), inStage, true));
      wheels.add(inStage);
    }
    InstallRequest request = installRequest(spec, wheels);
    Installer installer = spec.installer();
    Map<String, String> env = stageEnvironment(source);
    log.accept("build stage: " + installer.name() + " in " + spec.venvBuilder().forEngine());
    String script = installer.script(request);
    if (dependencyVenv != null) {
      mounts.add(new StageSpec.Mount(dependencyVenv, "/forge/deps-venv", true));
      script = installer.serviceOnlyScript(request, "/forge/deps-venv", spec.distribution());
    }
    engine.runStage(new StageSpec(spec.venvBuilder().forEngine(), spec.platform(), mounts, env, script, VENV, venv));
  }

  /**
   * python-base itself, or python-base plus the service's apt packages. The package layer is
   * built by the engine with fixed file times and without apt's logs and caches, so it has the
   * same bytes every time; it is cached by python-base digest, packages and platform, and only
   * built again when one of those changes.
   */
  private BaseImageSource runtimeBase(ServiceBuildSpec spec) {
    if (spec.aptPackages().isEmpty()) {
      return spec.pythonBase().forJib();
    }
    String containerfile = "FROM " + spec.pythonBase().forEngine() + "\n"
        + "RUN apt-get update \\\n"
        + " && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
        + String.join(" ", spec.aptPackages()) + " \\\n"
        + " && apt-get clean \\\n"
        // Logs, caches and backups differ on every run and carry nothing the runtime needs.
        + " && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb /var/cache/apt/*.bin /var/log/apt/* \\\n"
        + "      /var/log/dpkg.log /var/log/alternatives.log /var/cache/ldconfig/aux-cache /var/cache/debconf/*-old \\\n"
        + "      /var/lib/dpkg/*-old\n";
    String key = sha256(spec.pythonBase().digest() + "\n" + spec.platform() + "\n" + containerfile
        .replace(spec.pythonBase().forEngine(), spec.pythonBase().digest()));
    Path cached = spec.cacheDir().resolve("runtime-base").resolve(key + ".docker.tar");
    if (Files.isRegularFile(cached)) {
      log.accept("runtime packages: cache hit " + cached.getFileName());
      CacheEviction.touch(cached);
      return BaseImageSource.tarball(spec.pythonBase().pinned() + "+apt", cached);
    }
    Path context = spec.workDir().resolve("runtime-base");
    try {
      Files.createDirectories(context);
      Files.writeString(context.resolve("Containerfile"), containerfile);
      Files.createDirectories(cached.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String local = LocalImageNames.of(spec.service() + "-runtime-base", spec.workDir());
    log.accept("runtime packages: " + String.join(" ", spec.aptPackages()));
    engine.build(new ImageBuildSpec(context.resolve("Containerfile"), context, local, Map.of(), Map.of(),
        spec.platform(), FIXED_LAYER_TIME));
    Path partial = cached.resolveSibling(key + ".part");
    try {
      engine.exportDockerArchive(local, partial);
    } finally {
      // The tarball is what Jib reads; the engine's copy would only pile up in its storage.
      engine.removeImage(local);
    }
    try {
      Files.move(partial, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CacheEviction.prune(cached.getParent(), RUNTIME_BASE_KEEP, CacheEviction.GRACE,
        name -> name.endsWith(".docker.tar") || name.endsWith(".part"), java.time.Instant.now())
        .forEach(old -> log.accept("runtime packages: evicted " + old.getFileName() + " from the cache"));
    return BaseImageSource.tarball(spec.pythonBase().pinned() + "+apt", cached);
  }

  /**
   * How many runtime-base tarballs the cache keeps (one per python-base digest, platform and apt
   * package set; ~150-250 MB each): enough for every service of a release on two platforms.
   */
  static final int RUNTIME_BASE_KEEP = 16;

  /** The file time of engine-built package layers: Jib's own fixed time, one second after the epoch. */
  private static final java.time.Instant FIXED_LAYER_TIME = java.time.Instant.ofEpochSecond(1);

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ImageConfig imageConfig(ServiceBuildSpec spec, CheckedOutSource source, String version) {
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.put("org.opencontainers.image.title", spec.service());
    labels.put("org.opencontainers.image.version", version);
    labels.put("org.opencontainers.image.revision", source.commit());
    labels.put("org.opencontainers.image.source", source.url());
    labels.put("org.opencontainers.image.created", source.commitTime().toString());
    labels.put("org.opencontainers.image.base.name", spec.pythonBase().repository());
    labels.put("org.opencontainers.image.base.digest", spec.pythonBase().digest());
    labels.put("org.openstack.release", spec.release());
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", VENV + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    return new ImageConfig(USER, env, labels, source.commitTime(), spec.platform());
  }

  private static void writeString(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
