package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.util.Base64;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeySigningTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SBOM =
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] MANIFEST = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private LocalKeySigner signer;
  private Sha256Digest image;

  @BeforeEach
  void setUp() {
    signer = LocalKeySigner.generate(dir.resolve("keys/cosign.pem"));
    image = Sha256Digest.ofContent(MANIFEST);
  }

  private byte[] attestation() {
    byte[] statement = InTotoStatement.forSbom("127.0.0.1:5555/keystone", image, SBOM).toJson();
    return signer.signDsse(statement, InTotoStatement.PAYLOAD_TYPE).json();
  }

  private BundleVerifier verifier() {
    return BundleVerifier.localKey(LocalKeySigner.publicKeyPath(dir.resolve("keys/cosign.pem")));
  }

  @Test
  void generatedKeyIsWrittenAsPkcs8WithPrivatePermissionsAndReloads() throws Exception {
    Path key = dir.resolve("keys/cosign.pem");
    assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertTrue(Files.readString(LocalKeySigner.publicKeyPath(key)).startsWith("-----BEGIN PUBLIC KEY-----"));
    assertEquals(signer.keyId(), LocalKeySigner.fromPem(key).keyId());
    assertEquals(signer.keyId(), LocalKeySigner.fromPem(key, true).keyId(), "existing key is not regenerated");
  }

  @Test
  void describeSaysLocalKeyNotKeyless() {
    assertEquals("local key " + signer.keyId() + " (not keyless)", signer.describe());
    assertTrue(signer.signDigest(image.bytes()).signer().contains("(not keyless)"));
  }

  @Test
  void dsseBundleCarriesTheKeyHintAndNoCertificateOrLogEntry() throws Exception {
    JsonNode bundle = JSON.readTree(attestation());
    assertEquals(SignedBundle.MEDIA_TYPE, bundle.path("mediaType").asText());
    JsonNode material = bundle.path("verificationMaterial");
    assertEquals(signer.keyId(), material.path("publicKey").path("hint").asText());
    assertFalse(material.has("certificate"));
    assertFalse(material.has("tlogEntries"));
    assertEquals(InTotoStatement.PAYLOAD_TYPE, bundle.path("dsseEnvelope").path("payloadType").asText());
    // key id = hex sha256 of the SPKI DER
    assertEquals(Sha256Digest.ofContent(signer.publicKey().getEncoded()).hex(), signer.keyId());
  }

  @Test
  void dsseRoundTripReturnsTheStatement() {
    byte[] payload = verifier().verifyAttestation(attestation(), "att.json", image);
    InTotoStatement statement = InTotoStatement.parse(payload);
    assertEquals(InTotoStatement.CYCLONEDX_PREDICATE_TYPE, statement.predicateType());
    assertTrue(statement.hasSubject(image));
  }

  @Test
  void digestSignatureRoundTripAndIsAPlainEcdsaSignatureOverTheArtifact() throws Exception {
    byte[] bundle = signer.signDigest(image.bytes()).json();
    verifier().verifyDigestSignature(bundle, "sig.json", image);
    // Signing the digest equals SHA256withECDSA over the manifest bytes themselves.
    byte[] sig = Base64.getDecoder().decode(JSON.readTree(bundle).path("messageSignature").path("signature").asText());
    Signature plain = Signature.getInstance("SHA256withECDSA");
    plain.initVerify(signer.publicKey());
    plain.update(MANIFEST);
    assertTrue(plain.verify(sig));
  }

  @Test
  void wrongKeyIsRejectedByItsHint() {
    LocalKeySigner other = LocalKeySigner.generate(dir.resolve("other.pem"));
    BundleVerifier otherVerifier = BundleVerifier.localKey(other.publicKey());
    ForgeException e = assertThrows(ForgeException.class, () -> otherVerifier.verifyAttestation(attestation(), "att.json", image));
    assertTrue(e.getMessage().contains("wrong key: the bundle was signed with local key " + signer.keyId()
        + ", but the public key key " + other.keyId() + " has id " + other.keyId()), e.getMessage());
  }

  @Test
  void wrongKeyWithoutHintFailsTheSignature() throws Exception {
    ObjectNode bundle = (ObjectNode) JSON.readTree(attestation());
    ((ObjectNode) bundle.path("verificationMaterial").path("publicKey")).remove("hint");
    LocalKeySigner other = LocalKeySigner.generate(dir.resolve("other.pem"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> BundleVerifier.localKey(other.publicKey()).verifyAttestation(JSON.writeValueAsBytes(bundle), "att.json", image));
    assertTrue(e.getMessage().contains("signature invalid"), e.getMessage());
  }

  @Test
  void tamperedPayloadIsRejected() throws Exception {
    ObjectNode bundle = (ObjectNode) JSON.readTree(attestation());
    ObjectNode envelope = (ObjectNode) bundle.get("dsseEnvelope");
    String statement = new String(Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
    envelope.put("payload", Base64.getEncoder().encodeToString(
        statement.replace("\"components\":[]", "\"components\":[{\"name\":\"evil\"}]").getBytes(StandardCharsets.UTF_8)));
    ForgeException e = assertThrows(ForgeException.class,
        () -> verifier().verifyAttestation(JSON.writeValueAsBytes(bundle), "att.json", image));
    assertTrue(e.getMessage().contains("signature invalid: no DSSE signature verifies"), e.getMessage());
  }

  @Test
  void tamperedPayloadTypeIsRejected() throws Exception {
    ObjectNode bundle = (ObjectNode) JSON.readTree(attestation());
    ((ObjectNode) bundle.get("dsseEnvelope")).put("payloadType", "application/json");
    ForgeException e = assertThrows(ForgeException.class,
        () -> verifier().verifyAttestation(JSON.writeValueAsBytes(bundle), "att.json", image));
    assertTrue(e.getMessage().contains("signature invalid"), e.getMessage());
  }

  @Test
  void subjectMismatchIsRejectedWithExpectedAndActual() {
    Sha256Digest other = Sha256Digest.ofContent("other manifest".getBytes(StandardCharsets.UTF_8));
    ForgeException e = assertThrows(ForgeException.class, () -> verifier().verifyAttestation(attestation(), "att.json", other));
    assertTrue(e.getMessage().contains("subject digest mismatch: expected " + other
        + ", the attestation is about [127.0.0.1:5555/keystone@" + image + "]"), e.getMessage());
  }

  @Test
  void digestSignatureOverAnotherDigestIsRejected() {
    byte[] bundle = signer.signDigest(image.bytes()).json();
    Sha256Digest other = Sha256Digest.ofContent("x".getBytes(StandardCharsets.UTF_8));
    ForgeException e = assertThrows(ForgeException.class, () -> verifier().verifyDigestSignature(bundle, "sig.json", other));
    assertTrue(e.getMessage().contains("digest mismatch: expected " + other + ", the bundle signs " + image), e.getMessage());
  }

  @Test
  void keylessBundleIsNotVerifiedWithALocalKey() {
    ForgeException e = assertThrows(ForgeException.class, () -> verifier().verifyAttestation(
        SigstoreSamples.read("bundle.dsse.sigstore"), "bundle.dsse.sigstore", SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().contains("is a keyless bundle"), e.getMessage());
  }

  @Test
  void mismatchedPublicKeyFileIsRefused() throws Exception {
    Path key = dir.resolve("keys/cosign.pem");
    LocalKeySigner other = LocalKeySigner.generate(dir.resolve("other.pem"));
    Files.copy(LocalKeySigner.publicKeyPath(dir.resolve("other.pem")), LocalKeySigner.publicKeyPath(key),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ForgeException e = assertThrows(ForgeException.class, () -> LocalKeySigner.fromPem(key));
    assertTrue(e.getMessage().contains("is not the public key of"), e.getMessage());
    assertFalse(other.keyId().equals(signer.keyId()));
  }

  @Test
  void missingKeyFileIsNamed() {
    Path missing = dir.resolve("nope.pem");
    ForgeException e = assertThrows(ForgeException.class, () -> LocalKeySigner.fromPem(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void keylessSignerRefusesWithoutGithubOidc() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> SigstoreKeylessSigner.publicGood(java.util.Map.of("GITHUB_ACTIONS", "true")));
    assertTrue(e.getMessage().contains("keyless signing needs a GitHub Actions OIDC token"), e.getMessage());
    assertTrue(e.getMessage().contains("local-key signer"), e.getMessage());
  }

  @Test
  void signedBundleWritesItsJson() throws Exception {
    SignedBundle bundle = signer.signDigest(image.bytes());
    Path out = dir.resolve("sig.sigstore.json");
    bundle.writeTo(out);
    assertArrayEquals(bundle.json(), Files.readAllBytes(out));
    assertEquals(SignedBundle.Content.MESSAGE_SIGNATURE, bundle.content());
  }
}
