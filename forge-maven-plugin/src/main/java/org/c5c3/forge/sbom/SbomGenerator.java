package org.c5c3.forge.sbom;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.cyclonedx.model.AttachmentText;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Commit;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Diff;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Issue;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Patch;
import org.cyclonedx.model.Pedigree;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.Source;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * Builds an image's CycloneDX SBOM from the image's own files (dpkg database, venv dist-info)
 * plus what only the build knows ({@link SbomContext}). The result depends on nothing else: no
 * clock, no host, no map order, so one image and one context always give the same bytes.
 */
public final class SbomGenerator {
  static final String TAG_PROPERTY = "forge:tag";
  static final String OVERRIDE_PROPERTY = "forge:constraint-override";
  static final String COMMIT_PROPERTY = "forge:vcs-commit";
  static final String UPSTREAM_VERSION_PROPERTY = "forge:upstream-version";
  static final String HASH_SOURCE_PROPERTY = "forge:hash-source";
  static final String DPKG_SOURCE_PROPERTY = "forge:dpkg-source";
  static final String DIFF_CONTENT_TYPE = "text/x-diff";

  private SbomGenerator() {}

  public static Bom generate(LayeredFilesystem image, SbomContext ctx) {
    List<DpkgPackage> debs = DpkgDatabase.read(image);
    Optional<OsRelease> os = OsRelease.read(image);
    if (!debs.isEmpty() && os.isEmpty()) {
      throw new ForgeException(
          "Image " + ctx.imageName() + " has a dpkg database but no /etc/os-release or"
              + " /usr/lib/os-release, so its packages cannot be named (pkg:deb/<distro>/...)."
              + " Build it from a base image that keeps os-release.");
    }
    Map<String, Component> byRef = new TreeMap<>();
    for (DpkgPackage deb : debs) {
      add(byRef, debComponent(os.get(), deb), "dpkg package " + deb.name() + ":" + deb.architecture());
    }
    Map<String, Component> pypiByName = new LinkedHashMap<>();
    Map<String, String> distInfoByName = new LinkedHashMap<>();
    for (PythonDistribution dist : PythonDistributions.scan(image, ctx.venv())) {
      String previous = distInfoByName.put(dist.normalisedName(), dist.distInfoPath());
      if (previous != null) {
        throw new ForgeException(
            "The venv " + ctx.venv() + " of " + ctx.imageName() + " has two installs of "
                + dist.name() + ": " + previous + " and " + dist.distInfoPath()
                + ". Rebuild the venv from a clean directory.");
      }
      Component component = pypiComponent(dist);
      pypiByName.put(dist.normalisedName(), component);
      add(byRef, component, "Python distribution " + dist.name());
    }

    Component imageComponent = imageComponent(ctx);
    if (ctx.service() != null) {
      describeService(pypiByName, ctx);
    }
    addPatches(pypiByName, ctx);
    addOverrides(pypiByName, imageComponent, ctx);

    Bom bom = new Bom();
    bom.setVersion(1);
    bom.setMetadata(metadata(ctx, imageComponent));
    bom.setComponents(new ArrayList<>(byRef.values()));
    // Name-based UUID over the digest and the whole document: the same image and inputs give
    // the same serial number, any change to either gives another.
    byte[] unnumbered = SbomWriter.toJson(bom);
    byte[] seed = (ctx.imageDigest() + "\n" + new String(unnumbered, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(seed));
    return bom;
  }

  private static void add(Map<String, Component> byRef, Component component, String what) {
    if (byRef.putIfAbsent(component.getBomRef(), component) != null) {
      throw new ForgeException(
          "The image lists " + what + " twice (" + component.getBomRef() + "). Its package"
              + " database is inconsistent; rebuild the image.");
    }
  }

  private static Component debComponent(OsRelease os, DpkgPackage deb) {
    Component c = library(deb.name(), deb.version(), PackageUrls.deb(os, deb));
    c.setLicenses(licenses(null, deb.licenses()));
    List<Property> properties = new ArrayList<>();
    if (deb.md5sumsSha256() != null) {
      c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, deb.md5sumsSha256())));
      properties.add(new Property(HASH_SOURCE_PROPERTY, deb.md5sumsPath()));
    }
    if (deb.source() != null) {
      properties.add(new Property(DPKG_SOURCE_PROPERTY, deb.source()));
    }
    setProperties(c, properties);
    return c;
  }

  private static Component pypiComponent(PythonDistribution dist) {
    Component c = library(dist.name(), dist.version(), PackageUrls.pypi(dist));
    c.setLicenses(licenses(dist.licenseExpression(), dist.licenses()));
    if (dist.recordSha256() != null) {
      c.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, dist.recordSha256())));
      setProperties(c, List.of(new Property(HASH_SOURCE_PROPERTY, dist.distInfoPath() + "/RECORD")));
    }
    return c;
  }

  private static Component library(String name, String version, String purl) {
    Component c = new Component();
    c.setType(Component.Type.LIBRARY);
    c.setName(name);
    c.setVersion(version);
    c.setPurl(purl);
    c.setBomRef(purl);
    return c;
  }

  /** An expression when the package gives one; otherwise each name, as an SPDX id when unambiguous. */
  private static LicenseChoice licenses(String expression, List<String> names) {
    LicenseChoice choice = new LicenseChoice();
    if (expression != null) {
      choice.setExpression(new Expression(expression));
      return choice;
    }
    Map<String, License> distinct = new TreeMap<>();
    for (String name : names) {
      License license = new License();
      Optional<String> id = SpdxLicenses.idFor(name);
      if (id.isPresent()) {
        license.setId(id.get());
        distinct.putIfAbsent("id:" + id.get(), license);
      } else {
        license.setName(name);
        distinct.putIfAbsent("name:" + name, license);
      }
    }
    if (distinct.isEmpty()) {
      return null;
    }
    choice.setLicenses(new ArrayList<>(distinct.values()));
    return choice;
  }

  /**
   * The service is a distribution in the venv like any other; it becomes the application, with
   * where it came from.
   */
  private static void describeService(Map<String, Component> pypiByName, SbomContext ctx) {
    SbomService service = ctx.service();
    Component c = pypiByName.get(PythonDistributions.normalise(service.name()));
    if (c == null) {
      throw new ForgeException(
          "Service distribution " + service.name() + " is not installed in the venv " + ctx.venv()
              + " of " + ctx.imageName() + ". The build stage did not install the service;"
              + " check its install log.");
    }
    c.setType(Component.Type.APPLICATION);
    ExternalReference vcs = new ExternalReference();
    vcs.setType(ExternalReference.Type.VCS);
    vcs.setUrl(service.vcsUrl());
    vcs.setComment("commit " + service.commit());
    c.setExternalReferences(List.of(vcs));
    Commit commit = new Commit();
    commit.setUid(service.commit());
    commit.setUrl(service.vcsUrl());
    pedigree(c).setCommits(List.of(commit));
    List<Property> properties = new ArrayList<>(Optional.ofNullable(c.getProperties()).orElse(List.of()));
    properties.add(new Property(COMMIT_PROPERTY, service.commit()));
    properties.add(new Property(UPSTREAM_VERSION_PROPERTY, service.version()));
    setProperties(c, properties);
  }

  private static void addPatches(Map<String, Component> pypiByName, SbomContext ctx) {
    Map<String, List<SbomPatch>> byComponent = new LinkedHashMap<>();
    for (SbomPatch patch : ctx.patches()) {
      byComponent.computeIfAbsent(PythonDistributions.normalise(patch.component()), k -> new ArrayList<>()).add(patch);
    }
    byComponent.forEach(
        (name, patches) -> {
          Component c = pypiByName.get(name);
          if (c == null) {
            throw new ForgeException(
                "Patch " + patches.get(0).fileName() + " is for " + patches.get(0).component()
                    + ", which is not installed in the venv " + ctx.venv() + " of " + ctx.imageName()
                    + ". A patched library must be installed; check the build stage's install command.");
          }
          Pedigree pedigree = pedigree(c);
          pedigree.setPatches(patches.stream().map(SbomGenerator::patch).toList());
          pedigree.setNotes(
              "Patched by forge, in this order: "
                  + patches.stream().map(SbomPatch::fileName).collect(Collectors.joining(", ")));
        });
  }

  private static Patch patch(SbomPatch source) {
    AttachmentText text = new AttachmentText();
    text.setContentType(DIFF_CONTENT_TYPE);
    text.setText(source.diffText());
    Diff diff = new Diff();
    diff.setText(text);
    Patch patch = new Patch();
    patch.setType(Patch.Type.UNOFFICIAL);
    patch.setDiff(diff);
    if (!source.resolves().isEmpty()) {
      patch.setResolves(source.resolves().stream().map(SbomGenerator::issue).toList());
    }
    return patch;
  }

  private static Issue issue(IssueRef ref) {
    Issue issue = new Issue();
    issue.setType(ref.kind() == IssueRef.Kind.SECURITY ? Issue.Type.SECURITY : Issue.Type.DEFECT);
    issue.setId(ref.id());
    Source source = new Source();
    if (ref.kind() == IssueRef.Kind.SECURITY) {
      source.setName("NVD");
      source.setUrl(url("https://nvd.nist.gov/"));
    } else if (ref.url() == null || ref.url().contains("launchpad.net")) {
      source.setName("Launchpad");
      source.setUrl(url("https://bugs.launchpad.net/"));
    } else {
      source.setName(URI.create(ref.url()).getHost());
    }
    issue.setSource(source);
    if (ref.url() != null) {
      issue.setReferences(List.of(ref.url()));
    }
    return issue;
  }

  private static void addOverrides(Map<String, Component> pypiByName, Component image, SbomContext ctx) {
    for (SbomOverride override : ctx.overrides()) {
      Component c = pypiByName.get(PythonDistributions.normalise(override.name()));
      List<Property> properties = new ArrayList<>();
      if (c != null) {
        properties.addAll(Optional.ofNullable(c.getProperties()).orElse(List.of()));
        properties.add(new Property(OVERRIDE_PROPERTY, override.describe()));
        setProperties(c, properties);
      } else {
        // Removing a pin can leave nothing installed; the override is still part of the build.
        properties.addAll(Optional.ofNullable(image.getProperties()).orElse(List.of()));
        properties.add(new Property(OVERRIDE_PROPERTY, override.name() + ": " + override.describe()));
        setProperties(image, properties);
      }
    }
  }

  private static Component imageComponent(SbomContext ctx) {
    String purl = PackageUrls.oci(ctx.imageName(), ctx.imageDigest());
    Component c = new Component();
    c.setType(Component.Type.CONTAINER);
    c.setName(ctx.imageName());
    c.setVersion(ctx.imageDigest());
    c.setPurl(purl);
    c.setBomRef(purl);
    List<Property> properties = new ArrayList<>();
    for (String tag : ctx.tags()) {
      properties.add(new Property(TAG_PROPERTY, tag));
    }
    setProperties(c, properties);
    return c;
  }

  private static Metadata metadata(SbomContext ctx, Component image) {
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(ctx.createdAt()));
    Component forge = new Component();
    forge.setType(Component.Type.APPLICATION);
    forge.setGroup("org.c5c3.forge");
    forge.setName("forge");
    forge.setVersion(ctx.forgeVersion());
    ToolInformation tools = new ToolInformation();
    tools.setComponents(List.of(forge));
    metadata.setToolChoice(tools);
    metadata.setComponent(image);
    return metadata;
  }

  private static Pedigree pedigree(Component c) {
    if (c.getPedigree() == null) {
      c.setPedigree(new Pedigree());
    }
    return c.getPedigree();
  }

  /** Sorted by name; the sort is stable, so several values of one name (tags) keep the caller's order. */
  private static void setProperties(Component c, List<Property> properties) {
    if (properties.isEmpty()) {
      c.setProperties(null);
      return;
    }
    List<Property> sorted = new ArrayList<>(properties);
    sorted.sort(Comparator.comparing(Property::getName));
    c.setProperties(sorted);
  }

  private static java.net.URL url(String text) {
    try {
      return URI.create(text).toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException(text, e);
    }
  }
}
