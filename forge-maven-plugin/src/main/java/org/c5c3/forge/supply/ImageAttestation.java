package org.c5c3.forge.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.registry.Descriptor;
import org.c5c3.forge.registry.ReferrerAttacher;
import org.c5c3.forge.registry.RegistryClient;
import org.c5c3.forge.sign.AttestationSigner;
import org.c5c3.forge.sign.InTotoStatement;
import org.c5c3.forge.sign.Sha256Digest;
import org.c5c3.forge.sign.SignedBundle;

/**
 * Attests a pushed image: its SBOM as an in-toto statement in a signed DSSE envelope, and a
 * signature over its manifest digest, both as Sigstore bundles attached to the image as OCI 1.1
 * referrers (with the {@code sha256-<hex>} fallback index for registries without the referrers
 * API). The bundles are also written to disk, for CI to keep.
 */
public final class ImageAttestation {
  /** The attestation bundle, beside the SBOM. */
  public static final String ATTESTATION_FILE = "sbom.intoto.sigstore.json";
  /** The image signature bundle. */
  public static final String SIGNATURE_FILE = "image.sigstore.json";
  /** The vulnerability-scan attestation bundle, beside scan.json. */
  public static final String SCAN_ATTESTATION_FILE = "scan.intoto.sigstore.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was attached to which image, and who signed. */
  public record Attached(ImageReference image, Descriptor attestation, Descriptor signature, String signer) {}

  private final RegistryClient client;
  private final ReferrerAttacher attacher;

  public ImageAttestation(RegistryClient client) {
    this.client = client;
    this.attacher = new ReferrerAttacher(client);
  }

  /**
   * Signs and attaches the SBOM attestation and the digest signature of {@code image} (which must
   * carry a digest: attestations are about a digest, never a tag).
   *
   * @param sbomJson the CycloneDX JSON {@link ImageSbom} wrote for exactly this digest
   * @param bundleDir where the two bundles are written
   */
  public Attached attest(ImageReference image, byte[] sbomJson, AttestationSigner signer, Path bundleDir) {
    requireDigest(image);
    checkSbomDescribes(sbomJson, image); // before the registry: the more telling error
    Descriptor subject = subjectOf(image);
    Sha256Digest digest = Sha256Digest.parse(image.digest());

    byte[] statement = InTotoStatement.forSbom(image.name(), digest, sbomJson).toJson();
    SignedBundle attestation = signer.signDsse(statement, InTotoStatement.PAYLOAD_TYPE);
    SignedBundle signature = signer.signDigest(digest.bytes());
    createDirectories(bundleDir);
    attestation.writeTo(bundleDir.resolve(ATTESTATION_FILE));
    signature.writeTo(bundleDir.resolve(SIGNATURE_FILE));

    Descriptor attestationRef =
        attacher.attach(image.repository(), subject, SignedBundle.MEDIA_TYPE, SignedBundle.MEDIA_TYPE, attestation.json(),
            Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, attestation.content().annotationValue(),
                ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION, InTotoStatement.CYCLONEDX_PREDICATE_TYPE));
    Descriptor signatureRef =
        attacher.attach(image.repository(), subject, SignedBundle.MEDIA_TYPE, SignedBundle.MEDIA_TYPE, signature.json(),
            Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, signature.content().annotationValue()));
    return new Attached(image, attestationRef, signatureRef, signer.describe());
  }

  /**
   * Signs the vulnerability-scan result of {@code image} (cosign's vuln/v1 predicate, see {@link
   * ScanAttestationPredicate}) and attaches it like the SBOM attestation.
   *
   * @param predicateJson the predicate {@link ScanAttestationPredicate#of} made from this image's scan.json
   */
  public Descriptor attestScan(ImageReference image, byte[] predicateJson, AttestationSigner signer, Path bundleDir) {
    Descriptor subject = subjectOf(image);
    Sha256Digest digest = Sha256Digest.parse(image.digest());
    byte[] statement = InTotoStatement.of(List.of(new InTotoStatement.Subject(image.name(), digest)),
        InTotoStatement.VULN_PREDICATE_TYPE, predicateJson).toJson();
    SignedBundle bundle = signer.signDsse(statement, InTotoStatement.PAYLOAD_TYPE);
    createDirectories(bundleDir);
    bundle.writeTo(bundleDir.resolve(SCAN_ATTESTATION_FILE));
    return attacher.attach(image.repository(), subject, SignedBundle.MEDIA_TYPE, SignedBundle.MEDIA_TYPE, bundle.json(),
        Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, bundle.content().annotationValue(),
            ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION, InTotoStatement.VULN_PREDICATE_TYPE));
  }

  /** The pushed manifest {@code image} names by digest: what every attestation is about. */
  private Descriptor subjectOf(ImageReference image) {
    requireDigest(image);
    return client.head(image.repository(), image.digest())
        .orElseThrow(() -> new ForgeException(
            "cannot attest " + image + ": the registry has no such manifest; run forge:push-image first"));
  }

  private static void requireDigest(ImageReference image) {
    if (image.digest() == null) {
      throw new ForgeException("cannot attest " + image + ": it has no digest; attestations name a digest, not a tag");
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ForgeException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The SBOM must be about this very image: {@code metadata.component.version} is the digest it
   * was generated for. A mismatch means package and deploy saw different images.
   */
  static void checkSbomDescribes(byte[] sbomJson, ImageReference image) {
    JsonNode sbom;
    try {
      sbom = JSON.readTree(sbomJson);
    } catch (IOException e) {
      throw new ForgeException("the SBOM of " + image + " is not JSON: " + e.getMessage(), e);
    }
    String described = sbom.path("metadata").path("component").path("version").asText("");
    if (!described.equals(image.digest())) {
      throw new ForgeException(
          "the SBOM describes image " + (described.isEmpty() ? "(none)" : described) + " but the pushed image is "
              + image.digest() + "; re-run package and deploy together so the SBOM is of the pushed image");
    }
  }
}
