package org.c5c3.forge.sbom;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.c5c3.forge.ForgeException;

/**
 * What the SBOM says that the image's files cannot: which image it is, who built it, from which
 * commit, with which patches and overrides, and when. Build it with {@link #builder()}.
 *
 * @param imageName the repository without tag ({@code ghcr.io/c5c3/keystone})
 * @param imageDigest the image manifest's digest, {@code sha256:<64 hex>}
 * @param tags the tags the image is pushed with, in the order given
 * @param forgeVersion the version of forge that built it
 * @param service the service, or null for an image without one (a base image)
 * @param patches service and library patches in effect, in application order
 * @param overrides constraint overrides in effect
 * @param createdAt the SBOM's timestamp; derive it from {@code SOURCE_DATE_EPOCH} of the source
 *     commit, never from the clock, or two builds of one commit differ
 * @param venv where the image's venv is
 */
public record SbomContext(
    String imageName,
    String imageDigest,
    List<String> tags,
    String forgeVersion,
    SbomService service,
    List<SbomPatch> patches,
    List<SbomOverride> overrides,
    Instant createdAt,
    String venv) {

  public SbomContext {
    Objects.requireNonNull(imageName, "imageName");
    Objects.requireNonNull(imageDigest, "imageDigest");
    Objects.requireNonNull(forgeVersion, "forgeVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!imageDigest.matches("sha256:[0-9a-f]{64}")) {
      throw new ForgeException(
          "Image digest '" + imageDigest + "' of " + imageName
              + " is not of the form sha256:<64 hex digits>; the SBOM must name the pushed manifest.");
    }
    tags = List.copyOf(tags);
    patches = List.copyOf(patches);
    overrides = List.copyOf(overrides);
    venv = venv == null ? PythonDistributions.DEFAULT_VENV : venv;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the context step by step; {@link #build()} checks it. */
  public static final class Builder {
    private String imageName;
    private String imageDigest;
    private final List<String> tags = new ArrayList<>();
    private String forgeVersion;
    private SbomService service;
    private final List<SbomPatch> patches = new ArrayList<>();
    private final List<SbomOverride> overrides = new ArrayList<>();
    private Instant createdAt;
    private String venv = PythonDistributions.DEFAULT_VENV;

    private Builder() {}

    public Builder image(String name, String digest) {
      this.imageName = name;
      this.imageDigest = digest;
      return this;
    }

    public Builder tags(List<String> tags) {
      this.tags.addAll(tags);
      return this;
    }

    public Builder forgeVersion(String forgeVersion) {
      this.forgeVersion = forgeVersion;
      return this;
    }

    public Builder service(SbomService service) {
      this.service = service;
      return this;
    }

    public Builder patches(List<SbomPatch> patches) {
      this.patches.addAll(patches);
      return this;
    }

    public Builder overrides(List<SbomOverride> overrides) {
      this.overrides.addAll(overrides);
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder venv(String venv) {
      this.venv = venv;
      return this;
    }

    public SbomContext build() {
      return new SbomContext(
          imageName, imageDigest, tags, forgeVersion, service, patches, overrides, createdAt, venv);
    }
  }
}
