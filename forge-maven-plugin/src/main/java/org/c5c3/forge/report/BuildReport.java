package org.c5c3.forge.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import org.c5c3.forge.JsonFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code target/forge/report.json}: what one image build did, for CI and for people. Fields are
 * public so the JSON reads exactly like this class; {@link #read} lets a later goal (push, sbom,
 * sign) continue from what {@code package} recorded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class BuildReport {

  /** The upstream source of the image. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Source {
    public String url;
    public String ref;
    public String refKind;
    public String commit;
    public String commitTime;
  }

  /** One layer of the image, bottom first. */
  public record Layer(String name, String digest, long size, String mediaType) {}

  /** One applied patch. */
  public record Patch(String component, String file, String subject, String sha256, List<String> resolves) {}

  /** One changed constraint. */
  public record Override(String name, String from, String to, String reason, String origin) {}

  /** A patched library built from source. */
  public record Library(String name, String url, String ref, String commit, String version) {}

  /** The Sigstore bundles forge:attest attached to the pushed image (referrer manifest digests). */
  public record Attestation(String signer, String sbomReferrer, String signatureReferrer, String scanReferrer) {}

  /** What Jib needs to rebuild the identical image at push time. */
  public record Assembly(String baseReference, String baseTarball, String user, Map<String, String> environment,
      Map<String, String> labels, String created) {}

  /** What forge:scan found: the full list is in {@code file} (scan.json). */
  public record Scan(String file, String failOn, String result, int findings, int failing, int accepted) {}

  /** One platform's image of a multi-platform build. */
  public record PlatformImage(String digest, String archive, String report) {}

  public String kind; // "service" or "base"
  public String service;
  public String release;
  public String distribution;
  public String version;
  public Source source;
  public List<Patch> patches = new ArrayList<>();
  public List<Library> libraries = new ArrayList<>();
  public List<Override> overrides = new ArrayList<>();
  public Map<String, String> baseImages = new LinkedHashMap<>();
  public String engine;
  public String installer;
  public String platform;
  public String image;
  public String digest;
  public String archive;
  public List<String> tags = new ArrayList<>();
  /** Tag name → kind (VERSION, PATCH, BRANCH, SHA, COMPOSITE...); the kind says if it is immutable. */
  public Map<String, String> tagKinds = new LinkedHashMap<>();
  public List<String> pushedTags;
  public String pushedDigest;
  public List<Layer> layers = new ArrayList<>();
  public Map<String, Object> layerPlan;
  /** {@code hit} when the build stage's venv came from the cache, else {@code miss}. */
  public String buildStageCache;
  public String sbom;
  /** Multi-platform builds: platform → its image; {@link #digest} is then the index's. */
  public Map<String, PlatformImage> platforms;
  public Scan scan;
  public Attestation attestation;
  public Assembly assembly;
  public Map<String, Long> timings = new LinkedHashMap<>();

  /** The tags with their kinds, as the tag guard needs them. */
  public org.c5c3.forge.tags.ImageTags imageTags() {
    return org.c5c3.forge.tags.ImageTags.of(tags.stream().map(name -> org.c5c3.forge.tags.ImageTag.of(
        org.c5c3.forge.tags.TagKind.valueOf(tagKinds.get(name)), name)).toList());
  }

  public void write(Path file) {
    JsonFiles.write(file, this);
  }

  public static BuildReport read(Path file) {
    return JsonFiles.read(file, BuildReport.class);
  }

}
