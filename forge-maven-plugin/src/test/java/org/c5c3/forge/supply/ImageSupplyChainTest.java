package org.c5c3.forge.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.registry.Descriptor;
import org.c5c3.forge.registry.ReferrerAttacher;
import org.c5c3.forge.registry.RegistryClient;
import org.c5c3.forge.registry.RegistryCredentials;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.sign.BundleVerifier;
import org.c5c3.forge.sign.InTotoStatement;
import org.c5c3.forge.sign.LocalKeySigner;
import org.c5c3.forge.sign.Sha256Digest;
import org.c5c3.forge.sign.SignedBundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole supply chain against the real test registry: an image is pushed, its SBOM generated
 * from the archive, attested and signed with a local key, attached, and verified from the
 * registry alone. Then each way of tampering must fail with its own message.
 */
class ImageSupplyChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  RegistryClient client;
  String registry;
  String repository;
  SmallImage image;
  LocalKeySigner signer;
  BundleVerifier verifier;
  byte[] sbom;
  final List<String> log = new ArrayList<>();

  @BeforeEach
  void pushAndAttest() throws Exception {
    registry = System.getProperty("forge.test.registry", "");
    assumeTrue(!registry.isBlank() && !registry.startsWith("${"), "forge.test.registry is not set: no registry to test against");
    client = RegistryClient.create(registry, RegistryCredentials.none(), true);
    repository = fresh();
    image = ImageSbomTest.image();
    image.push(client, repository, "1.0.0");
    BuildReport report = ImageSbomTest.report(image, registry + "/" + repository);
    sbom = ImageSbom.write(image.writeArchive(tmp.resolve("image.tar")), report, tmp, "0.1.0", tmp.resolve("forge")).json();
    signer = LocalKeySigner.generate(tmp.resolve("signing.pem"));
    verifier = BundleVerifier.localKey(tmp.resolve("signing.pem.pub"));
  }

  ImageReference ref(String repo, String digest) {
    return new ImageReference(registry, repo, null, digest);
  }

  ImageVerification verification(BundleVerifier v) {
    return new ImageVerification(client, v, log::add);
  }

  @Test
  void anAttestedImageVerifiesByTagAndByDigest() {
    ImageAttestation.Attached attached =
        new ImageAttestation(client).attest(ref(repository, image.digest()), sbom, signer, tmp.resolve("bundles"));
    assertTrue(Files.isRegularFile(tmp.resolve("bundles").resolve(ImageAttestation.ATTESTATION_FILE)));
    assertTrue(attached.signer().contains("not keyless"));
    List<Descriptor> referrers = new ReferrerAttacher(client).findReferrers(repository, image.digest(), SignedBundle.MEDIA_TYPE);
    assertEquals(2, referrers.size());

    ImageVerification.Result byTag =
        verification(verifier).verify(ImageReference.parse(registry + "/" + repository + ":1.0.0"), tmp.resolve("scratch"));
    assertEquals(image.digest(), byTag.digest());
    assertEquals(4, byTag.components());
    assertTrue(Files.notExists(tmp.resolve("scratch").resolve("layers-" + image.digest().substring(7, 19))));
    assertEquals(image.digest(), verification(verifier).verify(ref(repository, image.digest()), tmp.resolve("s2")).digest());
  }

  /** A real scan of this image's SBOM against one advisory about its libxml2, as forge:scan writes it. */
  private byte[] scanPredicate() throws Exception {
    Path osv = Files.createDirectories(tmp.resolve("osv"));
    Files.writeString(osv.resolve("T-1.json"), "{\"id\":\"T-1\",\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\","
        + "\"name\":\"libxml2\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"99:0\"}]}]}]}");
    var bom = new org.cyclonedx.parsers.JsonParser().parse(sbom);
    var result = org.c5c3.forge.scan.VulnerabilityScan.scan(bom, org.c5c3.forge.scan.OsvDatabase.load(List.of(osv)),
        org.c5c3.forge.scan.AcceptedVulnerabilities.none());
    Path scanJson = tmp.resolve("scan.json");
    result.write(scanJson, registry + "/" + repository + "@" + image.digest(), "sbom.cdx.json",
        org.c5c3.forge.scan.ScanPolicy.of("high", false), java.time.Instant.parse("2026-11-27T10:00:00Z"));
    return ScanAttestationPredicate.of(Files.readAllBytes(scanJson), "0.1.0");
  }

  @Test
  void aScanAttestationIsVerifiedAndReported() throws Exception {
    new ImageAttestation(client).attest(ref(repository, image.digest()), sbom, signer, tmp.resolve("bundles"));
    Descriptor scan = new ImageAttestation(client).attestScan(ref(repository, image.digest()), scanPredicate(), signer,
        tmp.resolve("bundles"));
    assertTrue(Files.isRegularFile(tmp.resolve("bundles").resolve(ImageAttestation.SCAN_ATTESTATION_FILE)));
    assertEquals(3, new ReferrerAttacher(client).findReferrers(repository, image.digest(), SignedBundle.MEDIA_TYPE).size());

    ImageVerification.Result result = verification(verifier).verify(ref(repository, image.digest()), tmp.resolve("s"));
    assertEquals("pass at failOn high, 1 findings, scanned 2026-11-27T10:00:00Z", result.scan());
    assertTrue(scan.digest().startsWith("sha256:"));
  }

  @Test
  void aScanAttestationByAnotherKeyFailsTheVerification() throws Exception {
    new ImageAttestation(client).attest(ref(repository, image.digest()), sbom, signer, tmp.resolve("bundles"));
    LocalKeySigner other = LocalKeySigner.generate(tmp.resolve("other.pem"));
    new ImageAttestation(client).attestScan(ref(repository, image.digest()), scanPredicate(), other, tmp.resolve("b2"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(verifier).verify(ref(repository, image.digest()), tmp.resolve("s")));
    assertTrue(e.getMessage().startsWith("the scan attestation of "), e.getMessage());
    assertTrue(e.getMessage().contains("wrong key"), e.getMessage());
  }

  @Test
  void anImageWithoutAttestationFails() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(verifier).verify(ref(repository, image.digest()), tmp));
    assertTrue(e.getMessage().startsWith("missing attestation: "), e.getMessage());
  }

  @Test
  void theWrongKeyFails() {
    new ImageAttestation(client).attest(ref(repository, image.digest()), sbom, signer, tmp.resolve("bundles"));
    LocalKeySigner.generate(tmp.resolve("other.pem"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(BundleVerifier.localKey(tmp.resolve("other.pem.pub"))).verify(ref(repository, image.digest()), tmp));
    assertTrue(e.getMessage().contains("wrong key"), e.getMessage());
  }

  @Test
  void aChangedSbomSignedByTheRightKeyFailsOnTheImageContent() throws Exception {
    // Someone with the key attests an SBOM that hides a package: the signature holds, the content does not.
    String tampered = new String(sbom, StandardCharsets.UTF_8).replace("\"version\" : \"2.9.14+dfsg-1.3\"", "\"version\" : \"2.9.14+dfsg-1.4\"")
        .replace("libxml2@2.9.14%2Bdfsg-1.3", "libxml2@2.9.14%2Bdfsg-1.4");
    assertTrue(!tampered.equals(new String(sbom, StandardCharsets.UTF_8)));
    new ImageAttestation(client).attest(ref(repository, image.digest()), tampered.getBytes(StandardCharsets.UTF_8), signer, tmp.resolve("b"));

    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(verifier).verify(ref(repository, image.digest()), tmp));
    assertTrue(e.getMessage().startsWith("changed SBOM: "), e.getMessage());
    assertTrue(e.getMessage().contains("libxml2=2.9.14+dfsg-1.4") && e.getMessage().contains("libxml2=2.9.14+dfsg-1.3"), e.getMessage());
  }

  @Test
  void aPayloadChangedAfterSigningFailsOnTheSignature() throws Exception {
    Sha256Digest digest = Sha256Digest.parse(image.digest());
    SignedBundle genuine = signer.signDsse(InTotoStatement.forSbom(registry + "/" + repository, digest, sbom).toJson(),
        InTotoStatement.PAYLOAD_TYPE);
    ObjectNode bundle = (ObjectNode) JSON.readTree(genuine.json());
    ObjectNode envelope = (ObjectNode) bundle.path("dsseEnvelope");
    String payload = new String(Base64.getDecoder().decode(envelope.path("payload").asText()), StandardCharsets.UTF_8);
    String changed = payload.replace("fixture-dep", "fixture-dop");
    assertTrue(!changed.equals(payload));
    envelope.put("payload", Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
    attach(repository, image, JSON.writeValueAsBytes(bundle), SignedBundle.Content.DSSE_ENVELOPE);
    attach(repository, image, signer.signDigest(digest.bytes()).json(), SignedBundle.Content.MESSAGE_SIGNATURE);

    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(verifier).verify(ref(repository, image.digest()), tmp));
    assertTrue(e.getMessage().contains("signature invalid"), e.getMessage());
  }

  @Test
  void anotherImagesAttestationFailsOnTheSubjectDigest() throws Exception {
    new ImageAttestation(client).attest(ref(repository, image.digest()), sbom, signer, tmp.resolve("bundles"));
    // A second image in the same repository, to which the first image's referrers are copied.
    SmallImage other = SmallImage.of(Map.of("libxml2", "2.9.14+dfsg-1.3"), List.of(new SmallImage.Dist("forge-fixture", "1.0.0")));
    other.push(client, repository, "other");
    byte[] index = client.getManifest(repository, ReferrerAttacher.fallbackTag(image.digest()));
    client.pushManifest(repository, ReferrerAttacher.fallbackTag(other.digest()), RegistryClient.OCI_INDEX, index);

    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(verifier).verify(ImageReference.parse(registry + "/" + repository + ":other"), tmp));
    assertTrue(e.getMessage().contains("subject digest mismatch"), e.getMessage());
  }

  @Test
  void aKeylessVerifierRefusesLocalKeyBundles() {
    String shared = System.getProperty("forge.test.sharedData", "");
    Path root = Path.of(shared, "sigstore", "trusted_root.json");
    assumeTrue(!shared.isBlank() && Files.isRegularFile(root), "no pinned trusted root in ../shared/data/sigstore");
    new ImageAttestation(client).attest(ref(repository, image.digest()), sbom, signer, tmp.resolve("bundles"));

    ForgeException e = assertThrows(ForgeException.class,
        () -> verification(BundleVerifier.keyless(root, null)).verify(ref(repository, image.digest()), tmp));
    assertTrue(e.getMessage().contains("(not keyless)"), e.getMessage());
  }

  @Test
  void anSbomOfAnotherDigestIsNotAttested() {
    String other = "sha256:" + "cd".repeat(32);
    ForgeException e = assertThrows(ForgeException.class,
        () -> new ImageAttestation(client).attest(ref(repository, other), sbom, signer, tmp.resolve("b")));
    assertTrue(e.getMessage().contains("the SBOM describes image " + image.digest()), e.getMessage());
  }

  private void attach(String repo, SmallImage subject, byte[] bundle, SignedBundle.Content content) {
    Map<String, String> annotations = content == SignedBundle.Content.DSSE_ENVELOPE
        ? Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, content.annotationValue(),
            ReferrerAttacher.BUNDLE_PREDICATE_TYPE_ANNOTATION, InTotoStatement.CYCLONEDX_PREDICATE_TYPE)
        : Map.of(ReferrerAttacher.BUNDLE_CONTENT_ANNOTATION, content.annotationValue());
    new ReferrerAttacher(client).attach(repo,
        new Descriptor(RegistryClient.OCI_MANIFEST, subject.digest(), subject.manifestSize()),
        SignedBundle.MEDIA_TYPE, SignedBundle.MEDIA_TYPE, bundle, annotations);
  }

  private static String fresh() {
    return "test-supply-" + UUID.randomUUID().toString().substring(0, 12);
  }
}
