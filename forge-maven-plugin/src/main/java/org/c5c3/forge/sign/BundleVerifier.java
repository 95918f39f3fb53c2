package org.c5c3.forge.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;

/**
 * Verifies Sigstore bundles without network access. Two kinds:
 *
 * <ul>
 *   <li>{@link #keyless}: a keyless bundle against pinned trust roots read from a file (Fulcio CAs,
 *       Rekor and CT log keys, timestamp authorities), optionally requiring a signer identity; see
 *       {@link KeylessBundleVerifier}. No TUF update is attempted.
 *   <li>{@link #localKey}: a bundle of the {@link LocalKeySigner} against its public key.
 * </ul>
 *
 * Every failure is a {@link ForgeException} that names the bundle and says what did not hold.
 */
public abstract sealed class BundleVerifier permits KeylessBundleVerifier, BundleVerifier.LocalKey {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Keyless verification against {@code trustedRootJson} (one trusted root, or JSON Lines of several);
   * {@code identity} may be null (any signer).
   */
  public static BundleVerifier keyless(Path trustedRootJson, SigningIdentity identity) {
    return new KeylessBundleVerifier(trustedRootJson, identity);
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

  /**
   * The bundle's {@code messageSignature}, after checking that it signs {@code signedDigest} when
   * it names its digest. Refuses a DSSE bundle.
   */
  static JsonNode messageSignature(JsonNode bundle, String bundleName, Sha256Digest signedDigest) {
    JsonNode message = bundle.path("messageSignature");
    if (message.isMissingNode()) {
      throw new ForgeException("Sigstore bundle " + bundleName + " holds a DSSE envelope, not a message signature");
    }
    String digestText = message.path("messageDigest").path("digest").asText(null);
    if (digestText != null) {
      Sha256Digest signed = Sha256Digest.of(Base64.getDecoder().decode(digestText));
      if (!signed.equals(signedDigest)) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": digest mismatch: expected " + signedDigest + ", the bundle signs " + signed);
      }
    }
    return message;
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
      JsonNode message = messageSignature(bundle, bundleName, signedDigest);
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
