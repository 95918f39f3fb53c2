package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real GitHub Actions attestation of a private repository: signed by GitHub's own Sigstore
 * instance, which keeps no transparency log, so its trusted time is an RFC 3161 timestamp.
 */
class UnloggedBundleVerificationTest {
  private static final String BUNDLE = "github-private-no-tlog/attestation.sigstore.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sha256Digest subject() throws Exception {
    byte[] payload =
        Base64.getDecoder().decode(JSON.readTree(SigstoreSamples.read(BUNDLE)).path("dsseEnvelope").path("payload").asText());
    return Sha256Digest.parse(JSON.readTree(payload).path("subject").get(0).path("digest").path("sha256").asText());
  }

  /** Both roots of {@code gh attestation trusted-root}; the certificate's issuer picks GitHub's. */
  private static BundleVerifier ghRoots() {
    return KeylessBundleVerificationTest.currentRoots();
  }

  @Test
  void githubAttestationVerifiesAgainstGithubsRoot() throws Exception {
    byte[] statement = ghRoots().verifyAttestation(SigstoreSamples.read(BUNDLE), BUNDLE, subject());
    assertEquals("https://slsa.dev/provenance/v1", InTotoStatement.parse(statement).predicateType());
  }

  @Test
  void githubAttestationVerifiesAgainstGithubsRootAlone(@TempDir Path dir) throws Exception {
    Path jsonl = SigstoreSamples.file("github-private-no-tlog/trusted_root.jsonl");
    String github =
        Files.readAllLines(jsonl).stream().filter(l -> l.contains("fulcio.githubapp.com")).findFirst().orElseThrow();
    Path root = Files.writeString(dir.resolve("github_trusted_root.json"), github);
    BundleVerifier.keyless(root, null).verifyAttestation(SigstoreSamples.read(BUNDLE), BUNDLE, subject());
  }

  @Test
  void identityOfTheWorkflowIsEnforced() throws Exception {
    SigningIdentity expected =
        new SigningIdentity("https://github.com/c5c3/forge/.github/workflows/images.yml@refs/heads/main",
            SigningIdentity.GITHUB_ACTIONS_ISSUER);
    BundleVerifier verifier =
        BundleVerifier.keyless(SigstoreSamples.file("github-private-no-tlog/trusted_root.jsonl"), expected);
    ForgeException e =
        assertThrows(ForgeException.class, () -> verifier.verifyAttestation(SigstoreSamples.read(BUNDLE), BUNDLE, subject()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle " + BUNDLE + ": wrong identity: expected " + expected),
        e.getMessage());
  }

  @Test
  void notTrustedUnderThePublicGoodRootAlone() throws Exception {
    // One root: it is used whatever the issuer, and the chain check says why it fails.
    BundleVerifier publicGood = BundleVerifier.keyless(SigstoreSamples.file("trusted_root.json"), null);
    ForgeException e =
        assertThrows(ForgeException.class, () -> publicGood.verifyAttestation(SigstoreSamples.read(BUNDLE), BUNDLE, subject()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle " + BUNDLE + " has no transparency-log entry, but its trust root"),
        e.getMessage());
  }

  @Test
  void aLoggedInstancesBundleStrippedOfItsLogEntryIsRefused() throws Exception {
    // A downgrade: the public-good root lists Rekor, so its bundles must carry their entry.
    ObjectNode bundle = (ObjectNode) JSON.readTree(SigstoreSamples.read("bundle.dsse.rekor-v2.sigstore"));
    ((ObjectNode) bundle.get("verificationMaterial")).putArray("tlogEntries");
    ForgeException e =
        assertThrows(ForgeException.class, () -> ghRoots().verifyAttestation(
            JSON.writeValueAsBytes(bundle), "stripped", SigstoreSamples.artifactDigest()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle stripped has no transparency-log entry, but its trust root"),
        e.getMessage());
  }

  /** Tampered copies of the real attestation, each failing at the check it targets. */
  @ParameterizedTest
  @CsvSource({
    "payload, signature invalid",
    "signature, timestamp invalid",
    "timestamp, timestamp invalid",
    "noTimestamp, has no trusted time",
  })
  void tamperedCopiesAreRejected(String what, String expected) throws Exception {
    ObjectNode bundle = (ObjectNode) JSON.readTree(SigstoreSamples.read(BUNDLE));
    ObjectNode material = (ObjectNode) bundle.get("verificationMaterial");
    ObjectNode envelope = (ObjectNode) bundle.get("dsseEnvelope");
    switch (what) {
      case "payload" -> {
        ObjectNode statement = (ObjectNode) JSON.readTree(Base64.getDecoder().decode(envelope.path("payload").asText()));
        statement.put("predicateType", "https://example.com/forged");
        envelope.put("payload", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(statement)));
      }
      case "signature" -> {
        // Another signature is not the one the timestamp authority countersigned.
        ObjectNode sig = (ObjectNode) envelope.get("signatures").get(0);
        byte[] bytes = Base64.getDecoder().decode(sig.path("sig").asText());
        bytes[bytes.length - 1] ^= 1;
        sig.put("sig", Base64.getEncoder().encodeToString(bytes));
      }
      case "timestamp" -> {
        ObjectNode ts = (ObjectNode) material.path("timestampVerificationData").path("rfc3161Timestamps").get(0);
        byte[] der = Base64.getDecoder().decode(ts.path("signedTimestamp").asText());
        der[der.length - 10] ^= 1;
        ts.put("signedTimestamp", Base64.getEncoder().encodeToString(der));
      }
      case "noTimestamp" -> material.remove("timestampVerificationData");
      default -> throw new IllegalArgumentException(what);
    }
    byte[] tampered = JSON.writeValueAsBytes(bundle);
    ForgeException e =
        assertThrows(ForgeException.class, () -> ghRoots().verifyAttestation(tampered, "tampered-" + what, subject()));
    assertTrue(e.getMessage().startsWith("Sigstore bundle tampered-" + what + ": " + expected)
        || e.getMessage().startsWith("Sigstore bundle tampered-" + what + " " + expected), e.getMessage());
  }
}
