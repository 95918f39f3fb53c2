package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Offline verification of real public-good and staging bundles against pinned trust roots. This
 * machine cannot reach the Sigstore TUF repository, so a passing test also shows that no TUF fetch
 * happens.
 */
class KeylessBundleVerificationTest {
  private static final String SUBJECT_HEX = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";

  private static BundleVerifier publicGood() {
    return BundleVerifier.keyless(SigstoreSamples.file("trusted_root.json"), null);
  }

  private static BundleVerifier staging() {
    return BundleVerifier.keyless(SigstoreSamples.file("staging_trusted_root.json"), null);
  }

  @Test
  void realDsseBundleVerifiesAndReturnsItsStatement() {
    // Any URL connection (a TUF fetch would be one) asks the default ProxySelector first.
    List<URI> attempts = new CopyOnWriteArrayList<>();
    ProxySelector previous = ProxySelector.getDefault();
    ProxySelector.setDefault(new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        attempts.add(uri);
        return List.of(Proxy.NO_PROXY);
      }

      @Override
      public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
    });
    byte[] payload;
    try {
      payload =
          publicGood().verifyAttestation(
              SigstoreSamples.read("bundle.dsse.sigstore"), "bundle.dsse.sigstore", SigstoreSamples.artifactDigest());
    } finally {
      ProxySelector.setDefault(previous);
    }
    assertEquals(List.of(), attempts, "offline verification opened no connection");
    InTotoStatement statement = InTotoStatement.parse(payload);
    assertEquals("https://slsa.dev/provenance/v1", statement.predicateType());
    assertEquals(SUBJECT_HEX, statement.subjects().get(0).digest().hex());
  }

  @Test
  void rekorV2DsseBundleIsReportedAsBeyondSigstoreJava200() {
    // The sample logs the DSSE envelope as a Rekor v2 hashedrekord over its PAE, the layout
    // sigstore-java adopted in 2.2.0; 2.0.0 (on the classpath) expects a dsse entry. Its
    // certificate and signature check out first, so the failure is about the entry kind.
    ForgeException e =
        assertThrows(ForgeException.class, () -> publicGood().verifyAttestation(
            SigstoreSamples.read("bundle.dsse.rekor-v2.sigstore"), "rekor-v2", Sha256Digest.parse(SUBJECT_HEX)));
    assertTrue(e.getMessage().contains("unsupported log entry"), e.getMessage());
  }

  @Test
  void publicGoodBundleIsNotTrustedUnderTheStagingRoot() {
    ForgeException e =
        assertThrows(ForgeException.class, () -> staging().verifyAttestation(
            SigstoreSamples.read("bundle.dsse.sigstore"), "bundle.dsse.sigstore", SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().contains("certificate not trusted"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "bundle.dsse.bad-signature.sigstore, trusted_root.json, signature invalid",
    "bundle.dsse.mismatched-envelope.sigstore, trusted_root.json, envelope/payload mismatch",
    "bundle.dsse.mismatched-signature.sigstore, trusted_root.json, signature mismatch",
  })
  void tamperedDsseBundlesAreRejected(String bundle, String root, String what) {
    BundleVerifier verifier = BundleVerifier.keyless(SigstoreSamples.file(root), null);
    ForgeException e =
        assertThrows(ForgeException.class, () -> verifier.verifyAttestation(
            SigstoreSamples.read(bundle), bundle, SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle " + bundle + ": " + what), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"trusted_root.json", "staging_trusted_root.json"})
  void tamperedRekorV2BundleIsRejectedUnderEitherRoot(String root) {
    // Its certificate chains to neither pinned root as shipped (staging: its SCT does not verify
    // against the staging CT keys), so sigstore-java stops at the certificate, before the signature.
    BundleVerifier verifier = BundleVerifier.keyless(SigstoreSamples.file(root), null);
    String name = "bundle.dsse.rekor-v2.bad-signature.sigstore";
    ForgeException e =
        assertThrows(ForgeException.class, () -> verifier.verifyAttestation(
            SigstoreSamples.read(name), name, SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle " + name + ": certificate not trusted"), e.getMessage());
  }

  @Test
  void subjectMismatchShowsExpectedAndActual() {
    Sha256Digest other = Sha256Digest.ofContent("another image".getBytes(StandardCharsets.UTF_8));
    ForgeException e =
        assertThrows(ForgeException.class, () -> publicGood().verifyAttestation(
            SigstoreSamples.read("bundle.dsse.sigstore"), "bundle.dsse.sigstore", other));
    assertTrue(e.getMessage().contains("subject digest mismatch: expected " + other), e.getMessage());
    assertTrue(e.getMessage().contains("a.txt@sha256:" + SUBJECT_HEX), e.getMessage());
  }

  @Test
  void messageSignatureBundleVerifiesAgainstArtifact() {
    publicGood().verifyDigestSignature(
        SigstoreSamples.read("bundle.v3_1.sigstore"), "bundle.v3_1.sigstore", SigstoreSamples.artifactDigest());
  }

  @Test
  void messageSignatureOverAnotherDigestIsRejected() {
    Sha256Digest other = Sha256Digest.ofContent("not the artifact".getBytes(StandardCharsets.UTF_8));
    ForgeException e =
        assertThrows(ForgeException.class, () -> publicGood().verifyDigestSignature(
            SigstoreSamples.read("bundle.v3_1.sigstore"), "bundle.v3_1.sigstore", other));
    assertTrue(e.getMessage().contains("digest mismatch: expected " + other), e.getMessage());
  }

  @Test
  void identityPolicyAcceptsTheSignerAndRejectsAnother() throws Exception {
    X509Certificate leaf = leafOf(SigstoreSamples.read("bundle.dsse.sigstore"));
    SigningIdentity actual = SigningIdentity.of(leaf);
    BundleVerifier right = BundleVerifier.keyless(SigstoreSamples.file("trusted_root.json"), actual);
    right.verifyAttestation(SigstoreSamples.read("bundle.dsse.sigstore"), "b", SigstoreSamples.artifactDigest());

    SigningIdentity expected =
        new SigningIdentity("https://github.com/c5c3/forge/.github/workflows/build.yml@refs/heads/main",
            SigningIdentity.GITHUB_ACTIONS_ISSUER);
    BundleVerifier wrong = BundleVerifier.keyless(SigstoreSamples.file("trusted_root.json"), expected);
    ForgeException e =
        assertThrows(ForgeException.class, () -> wrong.verifyAttestation(
            SigstoreSamples.read("bundle.dsse.sigstore"), "b", SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().contains("wrong identity: expected " + expected + ", the certificate has " + actual),
        e.getMessage());
  }

  @Test
  void ourPaeMatchesTheRealSignature() throws Exception {
    // The real envelope's signature verifies over the PAE we compute: our encoding is the spec's.
    byte[] json = SigstoreSamples.read("bundle.dsse.sigstore");
    DsseEnvelope envelope = DsseEnvelope.fromJson(new ObjectMapper().readTree(json).get("dsseEnvelope"));
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(leafOf(json).getPublicKey());
    verifier.update(envelope.pae());
    assertTrue(verifier.verify(envelope.signatures().get(0).sig()));
  }

  @Test
  void localKeyBundleIsNotAcceptedAsKeyless(@TempDir Path dir) {
    LocalKeySigner signer = LocalKeySigner.generate(dir.resolve("k.pem"));
    Sha256Digest digest = Sha256Digest.ofContent(new byte[] {1});
    byte[] statement =
        InTotoStatement.forSbom("img", digest, "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8)).toJson();
    SignedBundle bundle = signer.signDsse(statement, InTotoStatement.PAYLOAD_TYPE);
    ForgeException e =
        assertThrows(ForgeException.class, () -> publicGood().verifyAttestation(bundle.json(), "local", digest));
    assertTrue(e.getMessage().contains("signed with local key " + signer.keyId() + " (not keyless)"), e.getMessage());
  }

  @Test
  void githubPrivateAttestationWithoutTlogIsReportedAsUnsupported(@TempDir Path dir) throws Exception {
    Path jsonl = SigstoreSamples.file("github-private-no-tlog/trusted_root.jsonl");
    String githubRoot =
        Files.readAllLines(jsonl).stream().filter(l -> l.contains("fulcio.githubapp.com")).findFirst().orElseThrow();
    Path root = Files.writeString(dir.resolve("github_trusted_root.json"), githubRoot);
    BundleVerifier verifier = BundleVerifier.keyless(root, null);
    byte[] bundle = SigstoreSamples.read("github-private-no-tlog/attestation.sigstore.json");
    String subject =
        new ObjectMapper().readTree(Base64.getDecoder().decode(
            new ObjectMapper().readTree(bundle).path("dsseEnvelope").path("payload").asText()))
            .path("subject").get(0).path("digest").path("sha256").asText();
    ForgeException e =
        assertThrows(ForgeException.class, () -> verifier.verifyAttestation(
            bundle, "attestation.sigstore.json", Sha256Digest.parse(subject)));
    assertTrue(e.getMessage().contains("has no transparency-log entry"), e.getMessage());
  }

  @Test
  void missingTrustedRootIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("trusted_root.json");
    ForgeException e = assertThrows(ForgeException.class, () -> BundleVerifier.keyless(missing, null));
    assertTrue(e.getMessage().contains(missing.toString()));
  }

  private static X509Certificate leafOf(byte[] bundleJson) throws Exception {
    String der = new ObjectMapper().readTree(bundleJson).path("verificationMaterial").path("certificate")
        .path("rawBytes").asText();
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
  }
}
