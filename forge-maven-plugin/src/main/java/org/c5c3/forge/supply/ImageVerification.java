package org.c5c3.forge.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.registry.Descriptor;
import org.c5c3.forge.registry.ReferrerAttacher;
import org.c5c3.forge.registry.RegistryClient;
import org.c5c3.forge.sbom.LayeredFilesystem;
import org.c5c3.forge.sbom.SbomComparison;
import org.c5c3.forge.sbom.SbomContext;
import org.c5c3.forge.sbom.SbomGenerator;
import org.c5c3.forge.sbom.SbomWriter;
import org.c5c3.forge.sign.BundleVerifier;
import org.c5c3.forge.sign.InTotoStatement;
import org.c5c3.forge.sign.Sha256Digest;
import org.c5c3.forge.sign.SignedBundle;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.parsers.JsonParser;

/**
 * Verifies a pushed image against what forge attached to it, offline apart from the registry:
 *
 * <ol>
 *   <li>resolves the reference to a manifest digest;
 *   <li>finds the Sigstore bundle referrers of that digest (referrers API or {@code sha256-<hex>}
 *       index);
 *   <li>verifies the SBOM attestation and the digest signature with the given {@link
 *       BundleVerifier} (local public key, or pinned trusted root and identity), including that the
 *       attestation's subject is this digest;
 *   <li>pulls the image's layers and reads the installed dpkg packages and Python distributions
 *       from them, and requires the attested SBOM to list exactly those (name, version, purl and
 *       installed-content hash).
 * </ol>
 *
 * Each failure is a {@link ForgeException} that says which of these did not hold.
 */
public final class ImageVerification {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A passed verification: the digest verified, what was trusted, how many components matched,
   * and what the image's verified scan attestation says (null when it has none).
   */
  public record Result(ImageReference image, String digest, String verifier, int components, byte[] sbomJson,
      String scan) {}

  private final RegistryClient client;
  private final ReferrerAttacher attacher;
  private final BundleVerifier verifier;
  private final Consumer<String> log;

  public ImageVerification(RegistryClient client, BundleVerifier verifier, Consumer<String> log) {
    this.client = client;
    this.attacher = new ReferrerAttacher(client);
    this.verifier = verifier;
    this.log = log;
  }

  /** Runs every check; {@code scratch} holds the pulled layers while they are read, and is removed. */
  /**
   * Verifies an image, or, for a multi-platform index, each platform's image: every one must
   * carry its own verified SBOM attestation and signature.
   */
  public List<Result> verifyAll(ImageReference image, Path scratch) {
    String digest = resolve(image);
    JsonNode manifest = readJson(client.getManifest(image.repository(), digest));
    if (!manifest.has("manifests")) {
      return List.of(verify(image, scratch));
    }
    List<Result> results = new ArrayList<>();
    for (JsonNode m : manifest.path("manifests")) {
      String platform = m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText();
      log.accept(image + " is an index; verifying its " + platform + " image");
      results.add(verify(new ImageReference(image.registry(), image.repository(), null, m.path("digest").asText()),
          scratch));
    }
    return results;
  }

  public Result verify(ImageReference image, Path scratch) {
    String digest = resolve(image);
    ImageReference pinned = new ImageReference(image.registry(), image.repository(), image.tag(), digest);
    Sha256Digest subject = Sha256Digest.parse(digest);
    log.accept("verifying " + pinned + " with " + verifier.describe());

    List<Descriptor> bundles = attacher.findReferrers(image.repository(), digest, SignedBundle.MEDIA_TYPE);
    List<Descriptor> attestations = bundles.stream().filter(ImageVerification::isSbomAttestation).toList();
    List<Descriptor> signatures = bundles.stream().filter(ImageVerification::isSignature).toList();
    if (attestations.isEmpty()) {
      throw new ForgeException(
          "missing attestation: " + pinned + " has no SBOM attestation attached (no Sigstore bundle referrer with "
              + ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION + "=" + InTotoStatement.CYCLONEDX_PREDICATE_TYPE
              + ", neither from the referrers API nor in the tag " + ReferrerAttacher.fallbackTag(digest)
              + "). Was it deployed with forge:attest, and is this the digest that was pushed?");
    }
    if (signatures.isEmpty()) {
      throw new ForgeException(
          "missing signature: " + pinned + " has an SBOM attestation but no image signature (message-signature"
              + " bundle) attached. Was it deployed with forge:attest?");
    }

    byte[] statement = firstVerified(attestations, pinned, "SBOM attestation",
        (bundle, name) -> verifier.verifyAttestation(bundle, name, subject));
    firstVerified(signatures, pinned, "image signature", (bundle, name) -> {
      verifier.verifyDigestSignature(bundle, name, subject);
      return bundle;
    });
    log.accept("attestation and signature of " + digest + " verified");

    InTotoStatement parsed = InTotoStatement.parse(statement);
    if (!InTotoStatement.CYCLONEDX_PREDICATE_TYPE.equals(parsed.predicateType())) {
      throw new ForgeException(
          "the attestation of " + pinned + " has predicate type " + parsed.predicateType() + ", not a CycloneDX SBOM");
    }
    byte[] sbomJson = parsed.predicateJson();
    Bom attested = readSbom(sbomJson, pinned);

    Bom actual = readImage(pinned, scratch);
    int components = compare(attested, actual, pinned);
    log.accept("the attested SBOM lists exactly the " + components + " packages installed in the image");
    return new Result(pinned, digest, verifier.describe(), components, sbomJson,
        verifyScan(bundles, pinned, subject));
  }

  /**
   * The vulnerability-scan attestation is optional (a build without advisories has none); when one
   * is attached it must verify like the SBOM's. Returns what it says, or null.
   */
  private String verifyScan(List<Descriptor> bundles, ImageReference pinned, Sha256Digest subject) {
    List<Descriptor> scans = bundles.stream().filter(ImageVerification::isScanAttestation).toList();
    if (scans.isEmpty()) {
      return null;
    }
    InTotoStatement statement = InTotoStatement.parse(firstVerified(scans, pinned, "scan attestation",
        (bundle, name) -> verifier.verifyAttestation(bundle, name, subject)));
    if (!InTotoStatement.VULN_PREDICATE_TYPE.equals(statement.predicateType())) {
      throw new ForgeException("the scan attestation of " + pinned + " has predicate type " + statement.predicateType()
          + ", not " + InTotoStatement.VULN_PREDICATE_TYPE);
    }
    JsonNode result = readJson(statement.predicateJson()).path("scanner").path("result");
    String summary = result.path("result").asText("?") + " at failOn " + result.path("failOn").asText("?") + ", "
        + result.path("findings").size() + " findings, scanned " + result.path("scannedAt").asText("?");
    log.accept("scan attestation of " + pinned.digest() + " verified: " + summary);
    return summary;
  }

  private String resolve(ImageReference image) {
    Descriptor manifest =
        client.head(image.repository(), image.lookup())
            .orElseThrow(() -> new ForgeException("registry " + image.registry() + " has no image " + image));
    if (image.digest() != null && !image.digest().equals(manifest.digest())) {
      throw new ForgeException("registry returned " + manifest.digest() + " for " + image);
    }
    return manifest.digest();
  }

  private static boolean isSbomAttestation(Descriptor d) {
    return SignedBundle.Content.DSSE_ENVELOPE.annotationValue().equals(d.annotations().get(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION))
        && InTotoStatement.CYCLONEDX_PREDICATE_TYPE.equals(d.annotations().get(ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION));
  }

  private static boolean isScanAttestation(Descriptor d) {
    return SignedBundle.Content.DSSE_ENVELOPE.annotationValue().equals(d.annotations().get(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION))
        && InTotoStatement.VULN_PREDICATE_TYPE.equals(d.annotations().get(ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION));
  }

  private static boolean isSignature(Descriptor d) {
    return SignedBundle.Content.MESSAGE_SIGNATURE.annotationValue().equals(d.annotations().get(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION));
  }

  private interface BundleCheck {
    byte[] check(byte[] bundle, String name);
  }

  /**
   * One good bundle is enough (a registry may also hold older or foreign ones); when none
   * verifies, every bundle's failure is reported.
   */
  private byte[] firstVerified(List<Descriptor> referrers, ImageReference image, String what, BundleCheck check) {
    List<String> failures = new ArrayList<>();
    for (Descriptor referrer : referrers) {
      String name = what + " " + image.repository() + "@" + referrer.digest();
      try {
        return check.check(attacher.fetchArtifact(image.repository(), referrer), name);
      } catch (ForgeException e) {
        failures.add(e.getMessage());
      }
    }
    throw new ForgeException(
        "the " + what + " of " + image + " does not verify with " + verifier.describe() + ":\n  "
            + String.join("\n  ", failures));
  }

  private static Bom readSbom(byte[] sbomJson, ImageReference image) {
    try {
      SbomWriter.validate(sbomJson);
    } catch (ForgeException e) {
      throw new ForgeException("the attested SBOM of " + image + " is not valid CycloneDX 1.6: " + e.getMessage(), e);
    }
    Bom bom;
    try {
      bom = new JsonParser().parse(sbomJson);
    } catch (ParseException e) {
      throw new ForgeException("the attested SBOM of " + image + " cannot be read: " + e.getMessage(), e);
    }
    String described = bom.getMetadata() == null || bom.getMetadata().getComponent() == null
        ? null : bom.getMetadata().getComponent().getVersion();
    if (!image.digest().equals(described)) {
      throw new ForgeException(
          "different image: the attested SBOM describes " + described + ", not " + image
              + " (the attestation was signed for this digest but over another image's SBOM)");
    }
    return bom;
  }

  /** The components the image's own files show, generated the way forge:sbom does. */
  private Bom readImage(ImageReference image, Path scratch) {
    JsonNode manifest = readJson(client.getManifest(image.repository(), image.digest()));
    if (manifest.has("manifests")) {
      throw new ForgeException(
          image + " is a multi-platform index; verify one platform's manifest by its digest (skopeo inspect --raw lists them)");
    }
    Path dir;
    try {
      dir = Files.createDirectories(scratch).resolve("layers-" + image.digest().substring("sha256:".length(), 19));
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ForgeException("cannot create " + scratch + " for the image's layers: " + e.getMessage(), e);
    }
    try {
      List<Path> layers = new ArrayList<>();
      for (JsonNode layer : manifest.path("layers")) {
        String layerDigest = layer.path("digest").asText();
        layers.add(client.getBlob(image.repository(), layerDigest, dir.resolve(layerDigest.replace(':', '-'))));
      }
      log.accept("pulled " + layers.size() + " layers of " + image.digest());
      SbomContext context = SbomContext.builder()
          .image(image.name(), image.digest())
          .forgeVersion("verify")
          .createdAt(Instant.EPOCH)
          .build();
      return SbomGenerator.generate(LayeredFilesystem.of(layers), context);
    } finally {
      FileTrees.deleteRecursively(dir);
    }
  }

  /** Same packages, versions, purls and content hashes, or a message listing every difference. */
  static int compare(Bom attested, Bom actual, ImageReference image) {
    SbomComparison byVersion =
        SbomComparison.compare(attested, nameVersions(actual, "pkg:pypi/", "=="), nameVersions(actual, "pkg:deb/", "="));
    if (!byVersion.matches()) {
      throw new ForgeException(
          "changed SBOM: the attested SBOM of " + image + " is not the image's content. "
              + byVersion.describe().replace("The SBOM", "The attested SBOM"));
    }
    Set<String> expected = fingerprints(attested);
    Set<String> found = fingerprints(actual);
    if (!expected.equals(found)) {
      Set<String> onlyAttested = new TreeSet<>(expected);
      onlyAttested.removeAll(found);
      Set<String> onlyImage = new TreeSet<>(found);
      onlyImage.removeAll(expected);
      throw new ForgeException(
          "changed SBOM: the attested SBOM of " + image + " differs from the image's content in purls or hashes:"
              + "\n  only in the attested SBOM:\n    " + String.join("\n    ", onlyAttested)
              + "\n  only in the image:\n    " + String.join("\n    ", onlyImage));
    }
    return found.size();
  }

  private static List<String> nameVersions(Bom bom, String purlPrefix, String separator) {
    return components(bom).stream()
        .filter(c -> c.getPurl() != null && c.getPurl().startsWith(purlPrefix))
        .map(c -> c.getName() + separator + c.getVersion())
        .toList();
  }

  /** {@code purl name version sha256:…} of every OS package and Python distribution. */
  private static Set<String> fingerprints(Bom bom) {
    Set<String> result = new TreeSet<>();
    for (Component c : components(bom)) {
      String purl = c.getPurl() == null ? "" : c.getPurl();
      if (purl.startsWith("pkg:deb/") || purl.startsWith("pkg:pypi/")) {
        String hashes = c.getHashes() == null ? "" : c.getHashes().stream()
            .map(h -> h.getAlgorithm() + ":" + h.getValue())
            .sorted()
            .collect(Collectors.joining(",", " ", ""));
        result.add(purl + " " + c.getName() + " " + c.getVersion() + hashes);
      }
    }
    return result;
  }

  private static List<Component> components(Bom bom) {
    return bom.getComponents() == null ? List.of() : bom.getComponents();
  }

  private static JsonNode readJson(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new ForgeException("the registry returned a manifest that is not JSON: " + e.getMessage(), e);
    }
  }
}
