package org.c5c3.forge.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import org.c5c3.forge.ForgeException;

/**
 * The Rekor v2 layout of a DSSE attestation, translated both ways.
 *
 * <p>Rekor v2 logs a DSSE envelope as a {@code hashedrekord} (v0.0.2) whose digest is the sha256
 * of the envelope's PAE and whose signature is the envelope's signature. Such a DSSE bundle and a
 * message-signature bundle over {@code sha256(PAE)} therefore carry the same certificate, the same
 * signature, the same log entry and the same timestamp: only the bundle's content field differs.
 * An ECDSA signature over a message with SHA-256 is the signature over its sha256 digest, so the
 * DSSE signature is a valid message signature over {@code sha256(PAE)} and back.
 *
 * <p>sigstore-java 2.0.0 signs and verifies message signatures with Rekor v2 but logs and expects
 * DSSE entries of kind {@code dsse}; this layout arrived in 2.2.0, which Maven Central does not
 * serve here. forge therefore signs a DSSE envelope by signing {@code sha256(PAE)} and restating
 * the result as a DSSE bundle ({@link #toDsseBundle}), and verifies such bundles by restating them
 * as the message signature they are equivalent to ({@link #toMessageSignatureBundle}). All
 * cryptographic checks stay sigstore-java's; this class only moves fields.
 */
final class DsseAsHashedRekord {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DsseAsHashedRekord() {}

  /** Whether {@code bundle} is a DSSE bundle whose first log entry is a {@code hashedrekord}. */
  static boolean appliesTo(JsonNode bundle) {
    JsonNode entry = bundle.path("verificationMaterial").path("tlogEntries").path(0);
    return bundle.has("dsseEnvelope") && "hashedrekord".equals(entry.path("kindVersion").path("kind").asText());
  }

  /** The digest the log entry must record for {@code envelope}: sha256 of its PAE. */
  static Sha256Digest loggedDigest(DsseEnvelope envelope) {
    return Sha256Digest.ofContent(envelope.pae());
  }

  /**
   * {@code dsseBundle} with its envelope replaced by the equivalent message signature over
   * {@code sha256(PAE)}. The envelope must carry exactly one signature: the log entry records one.
   */
  static byte[] toMessageSignatureBundle(JsonNode dsseBundle, DsseEnvelope envelope, String bundleName) {
    if (envelope.signatures().size() != 1) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + ": the DSSE envelope carries " + envelope.signatures().size()
              + " signatures; a keyless bundle carries exactly one, the one its log entry records");
    }
    ObjectNode restated = dsseBundle.deepCopy();
    restated.remove("dsseEnvelope");
    ObjectNode message = restated.putObject("messageSignature");
    ObjectNode digest = message.putObject("messageDigest");
    digest.put("algorithm", "SHA2_256");
    digest.put("digest", Base64.getEncoder().encodeToString(loggedDigest(envelope).bytes()));
    message.put("signature", Base64.getEncoder().encodeToString(envelope.signatures().get(0).sig()));
    return write(restated);
  }

  /**
   * The message-signature bundle {@code messageBundleJson} over {@code sha256(PAE)} restated as a
   * DSSE bundle of {@code payload}. Refuses a bundle that signs another digest.
   */
  static byte[] toDsseBundle(byte[] messageBundleJson, byte[] payload, String payloadType) {
    ObjectNode bundle = (ObjectNode) BundleVerifier.readJson(messageBundleJson, "from the keyless signer");
    JsonNode message = bundle.path("messageSignature");
    DsseEnvelope unsigned = new DsseEnvelope(payloadType, payload, List.of());
    String expected = Base64.getEncoder().encodeToString(loggedDigest(unsigned).bytes());
    if (!expected.equals(message.path("messageDigest").path("digest").asText())) {
      throw new ForgeException(
          "the keyless signer returned a signature over another digest than the DSSE envelope's PAE");
    }
    byte[] sig = Base64.getDecoder().decode(message.path("signature").asText());
    DsseEnvelope signed = new DsseEnvelope(payloadType, payload, List.of(new DsseEnvelope.Signature("", sig)));
    bundle.remove("messageSignature");
    bundle.set("dsseEnvelope", signed.toJson());
    return write(bundle);
  }

  private static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new ForgeException("could not write a Sigstore bundle: " + e.getMessage(), e);
    }
  }
}
