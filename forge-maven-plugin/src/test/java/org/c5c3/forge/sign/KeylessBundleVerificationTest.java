package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  private static final String REKOR_V2 = "bundle.dsse.rekor-v2.sigstore";

  /**
   * The current public-good root and GitHub's, as {@code gh attestation trusted-root} writes them.
   * Unlike {@code trusted_root.json}, it lists the Rekor v2 log (log2025-1) the v2 sample is in.
   */
  static BundleVerifier currentRoots() {
    return BundleVerifier.keyless(SigstoreSamples.file("github-private-no-tlog/trusted_root.jsonl"), null);
  }

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
  void rekorV2DsseBundleLoggedAsHashedRekordVerifies() {
    // Rekor v2 logs the envelope as a hashedrekord over its PAE, with an RFC 3161 timestamp for time.
    byte[] payload =
        currentRoots().verifyAttestation(
            SigstoreSamples.read(REKOR_V2), REKOR_V2, SigstoreSamples.artifactDigest());
    InTotoStatement statement = InTotoStatement.parse(payload);
    assertEquals("https://slsa.dev/provenance/v1", statement.predicateType());
    assertTrue(statement.hasSubject(SigstoreSamples.artifactDigest()));
  }

  @Test
  void rekorV2BundleRestatedAsMessageSignatureAndBackIsUnchanged() throws Exception {
    // The keyless signer builds its DSSE bundles this way from a message signature over sha256(PAE).
    ObjectMapper json = new ObjectMapper();
    JsonNode original = json.readTree(SigstoreSamples.read(REKOR_V2));
    DsseEnvelope envelope = DsseEnvelope.fromJson(original.get("dsseEnvelope"));
    byte[] message = DsseAsHashedRekord.toMessageSignatureBundle(original, envelope, REKOR_V2);
    currentRoots().verifyDigestSignature(message, "restated", DsseAsHashedRekord.loggedDigest(envelope));
    byte[] back = DsseAsHashedRekord.toDsseBundle(message, envelope.payload(), envelope.payloadType());
    assertEquals(original, json.readTree(back));
  }

  @Test
  void restatingRefusesASignatureOverAnotherDigest() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode original = json.readTree(SigstoreSamples.read(REKOR_V2));
    DsseEnvelope envelope = DsseEnvelope.fromJson(original.get("dsseEnvelope"));
    byte[] message = DsseAsHashedRekord.toMessageSignatureBundle(original, envelope, REKOR_V2);
    ForgeException e =
        assertThrows(ForgeException.class, () -> DsseAsHashedRekord.toDsseBundle(
            message, "{}".getBytes(StandardCharsets.UTF_8), envelope.payloadType()));
    assertTrue(e.getMessage().contains("over another digest"), e.getMessage());
  }

  /** Tampered copies of the valid Rekor v2 bundle, each failing at the check it targets. */
  @ParameterizedTest
  @CsvSource({
    "payload, signature invalid",
    "loggedDigest, envelope/payload mismatch",
    "inclusionProof, transparency-log entry invalid",
    "checkpoint, transparency-log entry invalid",
    "timestamp, timestamp invalid",
    "noTimestamp, has no trusted time",
    "noTlogEntry, has no transparency-log entry",
  })
  void tamperedRekorV2CopiesAreRejected(String what, String expected) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode bundle = (ObjectNode) json.readTree(SigstoreSamples.read(REKOR_V2));
    ObjectNode material = (ObjectNode) bundle.get("verificationMaterial");
    ObjectNode entry = (ObjectNode) material.get("tlogEntries").get(0);
    switch (what) {
      case "payload" -> {
        // Same subject, another predicate: the statement is not the one that was signed.
        ObjectNode statement = (ObjectNode) json.readTree(Base64.getDecoder().decode(
            bundle.path("dsseEnvelope").path("payload").asText()));
        statement.put("predicateType", "https://example.com/forged");
        ((ObjectNode) bundle.get("dsseEnvelope"))
            .put("payload", Base64.getEncoder().encodeToString(json.writeValueAsBytes(statement)));
      }
      case "loggedDigest" -> {
        ObjectNode body = (ObjectNode) json.readTree(Base64.getDecoder().decode(entry.path("canonicalizedBody").asText()));
        ((ObjectNode) body.path("spec").path("hashedRekordV002").path("data"))
            .put("digest", Base64.getEncoder().encodeToString(new byte[32]));
        entry.put("canonicalizedBody", Base64.getEncoder().encodeToString(json.writeValueAsBytes(body)));
      }
      case "inclusionProof" -> ((ArrayNode) entry.path("inclusionProof").path("hashes"))
          .set(0, Base64.getEncoder().encodeToString(new byte[32]));
      case "checkpoint" -> {
        ObjectNode proof = (ObjectNode) entry.get("inclusionProof");
        String note = proof.path("checkpoint").path("envelope").asText();
        ((ObjectNode) proof.get("checkpoint")).put("envelope", note.replaceFirst("\\n\\d+\\n", "\n4855116\n"));
      }
      case "timestamp" -> {
        ObjectNode ts = (ObjectNode) material.path("timestampVerificationData").path("rfc3161Timestamps").get(0);
        byte[] der = Base64.getDecoder().decode(ts.path("signedTimestamp").asText());
        der[der.length - 10] ^= 1; // inside the TSA's signature
        ts.put("signedTimestamp", Base64.getEncoder().encodeToString(der));
      }
      case "noTimestamp" -> material.remove("timestampVerificationData");
      case "noTlogEntry" -> material.putArray("tlogEntries");
      default -> throw new IllegalArgumentException(what);
    }
    byte[] tampered = json.writeValueAsBytes(bundle);
    ForgeException e =
        assertThrows(ForgeException.class, () -> currentRoots().verifyAttestation(
            tampered, "tampered-" + what, SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle tampered-" + what + ": " + expected)
        || e.getMessage().startsWith("Sigstore bundle tampered-" + what + " " + expected), e.getMessage());
  }

  @Test
  void theRootIsPickedByTheCaThatSignedTheCertificateNotByItsName(@TempDir Path dir) throws Exception {
    // Staging and public-good name their CAs alike; with staging first, a name match would pick it.
    ObjectMapper json = new ObjectMapper();
    String staging = json.writeValueAsString(json.readTree(SigstoreSamples.read("staging_trusted_root.json")));
    String publicGood = json.writeValueAsString(json.readTree(SigstoreSamples.read("trusted_root.json")));
    Path roots = Files.writeString(dir.resolve("roots.jsonl"), staging + "\n" + publicGood + "\n");
    BundleVerifier both = BundleVerifier.keyless(roots, null);
    assertTrue(both.describe().contains("(2 roots)"), both.describe());
    both.verifyAttestation(SigstoreSamples.read("bundle.dsse.sigstore"), "bundle.dsse.sigstore", SigstoreSamples.artifactDigest());
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
  @CsvSource({"trusted_root.json", "staging_trusted_root.json", "github-private-no-tlog/trusted_root.jsonl"})
  void tamperedRekorV2BundleIsRejectedUnderEveryRoot(String root) {
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
  void aSanPatternMustMatchTheWholeSan() throws Exception {
    SigningIdentity actual = SigningIdentity.of(leafOf(SigstoreSamples.read("bundle.dsse.sigstore")));
    String san = actual.subjectAlternativeName();
    // The workflow at any ref: everything up to the '@' literally, then any ref.
    String anyRef = java.util.regex.Pattern.quote(san.substring(0, san.indexOf('@') + 1)) + "refs/.*";
    BundleVerifier.keyless(SigstoreSamples.file("trusted_root.json"), new SigningIdentity(anyRef, actual.issuer(), true))
        .verifyAttestation(SigstoreSamples.read("bundle.dsse.sigstore"), "b", SigstoreSamples.artifactDigest());

    // A pattern that only occurs inside the SAN does not match it: matching is over the whole SAN.
    SigningIdentity partial = new SigningIdentity("workflows", actual.issuer(), true);
    BundleVerifier verifier = BundleVerifier.keyless(SigstoreSamples.file("trusted_root.json"), partial);
    ForgeException e = assertThrows(ForgeException.class, () -> verifier.verifyAttestation(
        SigstoreSamples.read("bundle.dsse.sigstore"), "b", SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().contains("wrong identity: expected SAN matching 'workflows'"), e.getMessage());

    e = assertThrows(ForgeException.class, () -> new SigningIdentity("refs/(heads", actual.issuer(), true));
    assertTrue(e.getMessage().contains("'refs/(heads' is not a regular expression"), e.getMessage());
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
  void rekorV2BundleIsRejectedUnderARootPinnedBeforeItsLogExisted() {
    // trusted_root.json predates the Rekor v2 log: the checkpoint's key is not trusted.
    ForgeException e =
        assertThrows(ForgeException.class, () -> publicGood().verifyAttestation(
            SigstoreSamples.read(REKOR_V2), REKOR_V2, SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle " + REKOR_V2 + ": transparency-log entry invalid"),
        e.getMessage());
    assertTrue(e.getMessage().contains("does not match any provided transparency logs")
        || e.getCause().getCause().getMessage().contains("does not match any provided transparency logs"), e.getMessage());
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
