package org.c5c3.forge.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.CertificateAuthority;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.c5c3.forge.ForgeException;

/**
 * Keyless verification for a Sigstore instance that keeps no transparency log, such as GitHub's
 * for private repositories: its trust root lists no log, and its bundles carry only RFC 3161
 * timestamps. sigstore-java 2.0.0's {@code KeylessVerifier} always reads a log entry and
 * certificate-transparency proofs, so the same checks are composed here from its parts:
 *
 * <ol>
 *   <li>every timestamp verifies against the root's timestamp authorities (sigstore-java's
 *       {@link TimestampVerifier}) and is over this bundle's signature;
 *   <li>the certificate chains (PKIX) to one of the root's Fulcio CAs at the timestamped time;
 *   <li>the signature verifies with the certificate's key.
 * </ol>
 *
 * Identity and subject are checked by the caller, as for logged bundles. A root that lists a log
 * never reaches this class: a bundle stripped of its log entry stays refused.
 */
final class TimestampedBundleCheck {
  private TimestampedBundleCheck() {}

  /**
   * Verifies {@code signature} over {@code signedData} by {@code leaf} against {@code root}, with
   * trusted time from the bundle's timestamps. Returns the earliest timestamped time.
   */
  static Instant verify(
      JsonNode material, X509Certificate leaf, byte[] signedData, byte[] signature, TrustedRoots.Root root,
      String bundleName) {
    Instant signedAt = verifyTimestamps(material, signature, root, bundleName);
    verifyChain(leaf, signedAt, root, bundleName);
    boolean valid;
    try {
      valid = Verifiers.newVerifier(leaf.getPublicKey()).verify(signedData, signature);
    } catch (Exception e) {
      valid = false; // a malformed signature is an invalid one
    }
    if (!valid) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + ": signature invalid: it does not verify with the signing "
              + "certificate's key (the signed content or the signature was altered)");
    }
    return signedAt;
  }

  private static Instant verifyTimestamps(JsonNode material, byte[] signature, TrustedRoots.Root root, String bundleName) {
    JsonNode stamps = material.path("timestampVerificationData").path("rfc3161Timestamps");
    if (stamps.isEmpty()) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + " has no trusted time: it has no transparency-log entry and "
              + "carries no RFC 3161 timestamp");
    }
    TimestampVerifier verifier;
    try {
      verifier = TimestampVerifier.newTimestampVerifier(root.trust());
    } catch (Exception e) {
      throw new ForgeException(
          "the trusted root " + root.source() + " has no usable timestamp authority: " + e.getMessage(), e);
    }
    Instant earliest = null;
    for (JsonNode stamp : stamps) {
      try {
        byte[] der = Base64.getDecoder().decode(stamp.path("signedTimestamp").asText());
        TimestampResponse response = ImmutableTimestampResponse.builder().encoded(der).build();
        verifier.verify(response, signature);
        Instant at = response.getGenTime().toInstant();
        earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
      } catch (Exception e) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": timestamp invalid: the RFC 3161 timestamp does not verify "
                + "against the timestamp authorities of " + root.source() + " [" + e.getMessage() + "]", e);
      }
    }
    return earliest;
  }

  private static void verifyChain(X509Certificate leaf, Instant at, TrustedRoots.Root root, String bundleName) {
    List<String> failures = new ArrayList<>();
    for (CertificateAuthority ca : CertificateAuthority.find(root.trust().getCAs(), at)) {
      try {
        CertPath path = Certificates.append(ca.getCertPath(), Certificates.toCertPath(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(ca.asTrustAnchor()));
        parameters.setRevocationEnabled(false); // Fulcio certificates live minutes; there is no CRL
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
        return;
      } catch (Exception e) {
        failures.add(ca.getUri() + ": " + e.getMessage());
      }
    }
    throw new ForgeException(
        "Sigstore bundle " + bundleName + ": certificate not trusted: at the timestamped time " + at
            + " it does not chain to a Fulcio CA of " + root.source()
            + (failures.isEmpty() ? " (no CA of that root was valid then)" : " " + failures));
  }
}
