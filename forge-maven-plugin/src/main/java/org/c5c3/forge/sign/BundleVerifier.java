package org.c5c3.forge.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.strings.StringMatcher;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;

/**
 * Verifies Sigstore bundles without network access. Two kinds:
 *
 * <ul>
 *   <li>{@link #keyless}: a keyless bundle against a pinned trusted root file (Fulcio CAs, Rekor
 *       and CT log keys, timestamp authorities), optionally requiring a signer identity. The root
 *       is read from the file only; no TUF update is attempted.
 *   <li>{@link #localKey}: a bundle of the {@link LocalKeySigner} against its public key.
 * </ul>
 *
 * Every failure is a {@link ForgeException} that names the bundle and says what did not hold.
 */
public abstract sealed class BundleVerifier permits BundleVerifier.Keyless, BundleVerifier.LocalKey {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keyless verification against {@code trustedRootJson}; {@code identity} may be null (any signer). */
  public static BundleVerifier keyless(Path trustedRootJson, SigningIdentity identity) {
    return new Keyless(trustedRootJson, identity);
  }

  /** Verification of local-key bundles with the PEM public key {@code publicKeyPem}. */
  public static BundleVerifier localKey(Path publicKeyPem) {
    return new LocalKey(PemKeys.readPublicKey(publicKeyPem), publicKeyPem.toString());
  }

  public static BundleVerifier localKey(PublicKey publicKey) {
    return new LocalKey(publicKey, "key " + PemKeys.keyId(publicKey));
  }

  /**
   * Verifies a DSSE attestation bundle whose in-toto statement must name {@code expectedSubject}
   * and returns the verified payload (the statement JSON).
   */
  public abstract byte[] verifyAttestation(byte[] bundleJson, String bundleName, Sha256Digest expectedSubject);

  /** Verifies a message-signature bundle over {@code signedDigest} (e.g. an image digest). */
  public abstract void verifyDigestSignature(byte[] bundleJson, String bundleName, Sha256Digest signedDigest);

  /** What this verifier trusts, for logs. */
  public abstract String describe();

  static JsonNode readJson(byte[] bundleJson, String bundleName) {
    try {
      JsonNode node = JSON.readTree(bundleJson);
      if (node == null || !node.isObject()) {
        throw new ForgeException("Sigstore bundle " + bundleName + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ForgeException("Sigstore bundle " + bundleName + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  static void checkSubject(byte[] payload, String payloadType, String bundleName, Sha256Digest expected) {
    if (!InTotoStatement.PAYLOAD_TYPE.equals(payloadType)) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + ": payload type is '" + payloadType + "', expected an in-toto statement ("
              + InTotoStatement.PAYLOAD_TYPE + ")");
    }
    InTotoStatement statement;
    try {
      statement = InTotoStatement.parse(payload);
    } catch (ForgeException e) {
      throw new ForgeException("Sigstore bundle " + bundleName + ": " + e.getMessage(), e);
    }
    if (!statement.hasSubject(expected)) {
      String actual =
          statement.subjects().stream()
              .map(s -> s.name() + "@" + s.digest())
              .collect(Collectors.joining(", ", "[", "]"));
      throw new ForgeException(
          "Sigstore bundle " + bundleName + ": subject digest mismatch: expected " + expected
              + ", the attestation is about " + actual
              + " (it was made for another image or artifact)");
    }
  }

  /** Keyless bundles: sigstore-java's KeylessVerifier over a trusted root read from a file. */
  static final class Keyless extends BundleVerifier {
    private final Path trustedRoot;
    private final SigningIdentity identity;
    private final KeylessVerifier verifier;

    Keyless(Path trustedRoot, SigningIdentity identity) {
      this.trustedRoot = trustedRoot;
      this.identity = identity;
      if (!Files.isRegularFile(trustedRoot)) {
        throw new ForgeException(
            "the pinned Sigstore trusted root " + trustedRoot + " does not exist; fetch one with "
                + "'cosign trusted-root create' or copy trusted_root.json from the sigstore TUF repository");
      }
      try {
        // TrustedRootProvider.from(Path) parses the file only: no TUF client, no network.
        this.verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
      } catch (Exception e) {
        throw new ForgeException(
            "could not load the Sigstore trusted root " + trustedRoot + " (expected a single "
                + "application/vnd.dev.sigstore.trustedroot+json document, not JSON lines): " + e.getMessage(), e);
      }
    }

    @Override
    public String describe() {
      return "Sigstore keyless, trusted root " + trustedRoot
          + (identity == null ? ", any identity" : ", identity " + identity);
    }

    @Override
    public byte[] verifyAttestation(byte[] bundleJson, String bundleName, Sha256Digest expectedSubject) {
      Bundle bundle = parse(bundleJson, bundleName);
      Bundle.DsseEnvelope envelope =
          bundle.getDsseEnvelope()
              .orElseThrow(() -> new ForgeException(
                  "Sigstore bundle " + bundleName + " holds a message signature, not a DSSE attestation"));
      checkSubject(envelope.getPayload(), envelope.getPayloadType(), bundleName, expectedSubject);
      verify(expectedSubject, bundle, bundleName);
      return envelope.getPayload();
    }

    @Override
    public void verifyDigestSignature(byte[] bundleJson, String bundleName, Sha256Digest signedDigest) {
      Bundle bundle = parse(bundleJson, bundleName);
      Bundle.MessageSignature message =
          bundle.getMessageSignature()
              .orElseThrow(() -> new ForgeException(
                  "Sigstore bundle " + bundleName + " holds a DSSE envelope, not a message signature"));
      message.getMessageDigest().ifPresent(d -> {
        Sha256Digest signed = Sha256Digest.of(d.getDigest());
        if (!signed.equals(signedDigest)) {
          throw new ForgeException(
              "Sigstore bundle " + bundleName + ": digest mismatch: expected " + signedDigest
                  + ", the bundle signs " + signed);
        }
      });
      verify(signedDigest, bundle, bundleName);
    }

    private Bundle parse(byte[] bundleJson, String bundleName) {
      JsonNode material = readJson(bundleJson, bundleName).path("verificationMaterial");
      if (material.has("publicKey")) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + " is signed with local key "
                + material.path("publicKey").path("hint").asText("?")
                + " (not keyless): verify it with that public key, not a trusted root");
      }
      if (material.path("tlogEntries").isEmpty()) {
        // GitHub's private-repository attestations rely on an RFC 3161 timestamp instead.
        throw new ForgeException(
            "Sigstore bundle " + bundleName + " has no transparency-log entry; sigstore-java 2.0.0 "
                + "verifies only bundles logged in Rekor (a GitHub private-repository attestation, "
                + "timestamped but not logged, cannot be verified with it)");
      }
      try {
        return Bundle.from(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)));
      } catch (BundleParseException e) {
        throw new ForgeException("Sigstore bundle " + bundleName + " cannot be read: " + e.getMessage(), e);
      }
    }

    private void verify(Sha256Digest digest, Bundle bundle, String bundleName) {
      VerificationOptions options =
          identity == null
              ? VerificationOptions.empty()
              : VerificationOptions.builder()
                  .addCertificateMatchers(
                      VerificationOptions.CertificateMatcher.fulcio()
                          .subjectAlternativeName(StringMatcher.string(identity.subjectAlternativeName()))
                          .issuer(StringMatcher.string(identity.issuer()))
                          .build())
                  .build();
      try {
        verifier.verify(digest.bytes(), bundle, options);
      } catch (KeylessVerificationException | RuntimeException e) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": " + explain(e.getMessage(), bundle) + " [sigstore-java: "
                + e.getMessage() + "]", e);
      }
    }

    /** Turns sigstore-java's message into what failed, in the words docs/signing.md uses. */
    private String explain(String message, Bundle bundle) {
      String m = message == null ? "" : message;
      if (m.contains("signature was not valid") || m.contains("Signature could not be processed")) {
        return "signature invalid: it does not verify with the signing certificate's key "
            + "(the signed content or the signature was altered)";
      }
      if (m.contains("Digest of DSSE payload in bundle does not match")) {
        return "envelope/payload mismatch: the DSSE payload differs from the one recorded in the "
            + "transparency-log entry";
      }
      if (m.contains("inconsistent with") || m.contains("does not match signature in log entry")
          || m.contains("Certificate in rekor entry does not match")) {
        return "signature mismatch: the bundle's signature or certificate differs from the one "
            + "recorded in the transparency-log entry";
      }
      if (m.contains("No provided certificate identities matched")) {
        X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
        return "wrong identity: expected " + identity + ", the certificate has " + SigningIdentity.of(leaf);
      }
      if (m.contains("Fulcio certificate was not valid")) {
        return "certificate not trusted: it does not chain to a Fulcio CA of the pinned trusted root "
            + trustedRoot + " (or its certificate-transparency proof does not verify); was the bundle "
            + "made on another Sigstore instance, e.g. staging?";
      }
      if (m.contains("Transparency log entry could not be verified")) {
        return "transparency-log entry invalid: its inclusion proof or signed checkpoint does not verify "
            + "against the Rekor keys of " + trustedRoot;
      }
      if (m.contains("Could not parse DSSE from log entry body")) {
        return "unsupported log entry: the DSSE envelope is logged in Rekor v2 as a hashedrekord over "
            + "its PAE (the layout of sigstore-java 2.2.0 and later); sigstore-java 2.0.0 verifies only "
            + "dsse entries, so this bundle cannot be verified with it";
      }
      if (m.contains("timestamp")) {
        return "timestamp invalid: the RFC 3161 timestamp does not verify against the timestamp "
            + "authorities of " + trustedRoot;
      }
      if (m.contains("artifact digest does not match")) {
        return "digest mismatch: the bundle does not sign the expected digest";
      }
      return "verification failed";
    }
  }

  /** Bundles of {@link LocalKeySigner}: ECDSA P-256 with a known public key, no certificate, no log. */
  static final class LocalKey extends BundleVerifier {
    private final PublicKey publicKey;
    private final String keyId;
    private final String source;

    LocalKey(PublicKey publicKey, String source) {
      this.publicKey = publicKey;
      this.keyId = PemKeys.keyId(publicKey);
      this.source = source;
    }

    @Override
    public String describe() {
      return "local key " + keyId + " (not keyless) from " + source;
    }

    @Override
    public byte[] verifyAttestation(byte[] bundleJson, String bundleName, Sha256Digest expectedSubject) {
      JsonNode bundle = checkKey(bundleJson, bundleName);
      if (!bundle.has("dsseEnvelope")) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + " holds a message signature, not a DSSE attestation");
      }
      DsseEnvelope envelope;
      try {
        envelope = DsseEnvelope.fromJson(bundle.get("dsseEnvelope"));
      } catch (ForgeException e) {
        throw new ForgeException("Sigstore bundle " + bundleName + ": " + e.getMessage(), e);
      }
      boolean valid = false;
      for (DsseEnvelope.Signature s : envelope.signatures()) {
        valid |= verify("SHA256withECDSA", envelope.pae(), s.sig());
      }
      if (!valid) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": signature invalid: no DSSE signature verifies with local key "
                + keyId + " over the envelope's payload and payload type '" + envelope.payloadType()
                + "' (the payload or its type was altered after signing, or another key signed it)");
      }
      checkSubject(envelope.payload(), envelope.payloadType(), bundleName, expectedSubject);
      return envelope.payload();
    }

    @Override
    public void verifyDigestSignature(byte[] bundleJson, String bundleName, Sha256Digest signedDigest) {
      JsonNode bundle = checkKey(bundleJson, bundleName);
      JsonNode message = bundle.path("messageSignature");
      if (message.isMissingNode()) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + " holds a DSSE envelope, not a message signature");
      }
      String digestText = message.path("messageDigest").path("digest").asText(null);
      if (digestText != null) {
        Sha256Digest signed = Sha256Digest.of(Base64.getDecoder().decode(digestText));
        if (!signed.equals(signedDigest)) {
          throw new ForgeException(
              "Sigstore bundle " + bundleName + ": digest mismatch: expected " + signedDigest
                  + ", the bundle signs " + signed);
        }
      }
      byte[] sig = Base64.getDecoder().decode(message.path("signature").asText(""));
      if (!verify("NONEwithECDSA", signedDigest.bytes(), sig)) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": signature invalid: the signature over " + signedDigest
                + " does not verify with local key " + keyId);
      }
    }

    /** Refuses keyless bundles and bundles that name another key before checking any signature. */
    private JsonNode checkKey(byte[] bundleJson, String bundleName) {
      JsonNode bundle = readJson(bundleJson, bundleName);
      JsonNode material = bundle.path("verificationMaterial");
      if (material.has("certificate") || material.has("x509CertificateChain")) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + " is a keyless bundle (it carries a Fulcio certificate): "
                + "verify it against a pinned trusted root, not local key " + keyId);
      }
      String hint = material.path("publicKey").path("hint").asText("");
      if (!hint.isEmpty() && !hint.equals(keyId)) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": wrong key: the bundle was signed with local key " + hint
                + ", but the public key " + source + " has id " + keyId);
      }
      return bundle;
    }

    private boolean verify(String algorithm, byte[] data, byte[] sig) {
      try {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(data);
        return verifier.verify(sig);
      } catch (GeneralSecurityException e) {
        return false; // a malformed DER signature is an invalid signature
      }
    }
  }
}
