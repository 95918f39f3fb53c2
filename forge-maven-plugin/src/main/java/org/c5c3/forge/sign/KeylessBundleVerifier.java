package org.c5c3.forge.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.bundle.BundleParseException;
import dev.sigstore.strings.RegexSyntaxException;
import dev.sigstore.strings.StringMatcher;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;

/**
 * Keyless bundles against pinned trust roots ({@link TrustedRoots}), offline, optionally requiring
 * a signer identity. Each bundle is checked against the root whose Fulcio CA issued its certificate:
 *
 * <ul>
 *   <li>logged bundles (Rekor v1 entries, Rekor v2 hashedrekord entries) by sigstore-java's
 *       {@link KeylessVerifier}: chain and SCT, identity, signature, consistency with the log entry,
 *       inclusion proof and signed checkpoint, timestamps. A DSSE envelope logged as a hashedrekord
 *       over its PAE is checked as the equivalent message signature ({@link DsseAsHashedRekord});
 *   <li>bundles without a log entry only under a root that lists no transparency log (GitHub's
 *       instance for private repositories), by {@link TimestampedBundleCheck}.
 * </ul>
 */
final class KeylessBundleVerifier extends BundleVerifier {
  private final TrustedRoots roots;
  private final SigningIdentity identity;
  private final VerificationOptions options;
  private final Map<TrustedRoots.Root, KeylessVerifier> verifiers = new HashMap<>();

  KeylessBundleVerifier(Path trustedRoot, SigningIdentity identity) {
    this.roots = TrustedRoots.read(trustedRoot);
    this.identity = identity;
    this.options = options(identity);
    for (TrustedRoots.Root root : roots.roots()) {
      if (root.requiresLogEntry()) {
        verifierFor(root); // fail on a root sigstore-java cannot use now, not at the first bundle
      }
    }
  }

  @Override
  public String describe() {
    return "Sigstore keyless, trusted root " + roots.file()
        + (roots.roots().size() > 1 ? " (" + roots.roots().size() + " roots)" : "")
        + (identity == null ? ", any identity" : ", identity " + identity);
  }

  @Override
  public byte[] verifyAttestation(byte[] bundleJson, String bundleName, Sha256Digest expectedSubject) {
    JsonNode json = readJson(bundleJson, bundleName);
    if (!json.has("dsseEnvelope")) {
      throw new ForgeException("Sigstore bundle " + bundleName + " holds a message signature, not a DSSE attestation");
    }
    DsseEnvelope envelope;
    try {
      envelope = DsseEnvelope.fromJson(json.get("dsseEnvelope"));
    } catch (ForgeException e) {
      throw new ForgeException("Sigstore bundle " + bundleName + ": " + e.getMessage(), e);
    }
    checkSubject(envelope.payload(), envelope.payloadType(), bundleName, expectedSubject);
    X509Certificate leaf = leafCertificate(json, bundleName);
    TrustedRoots.Root root = rootFor(leaf, bundleName);
    JsonNode material = json.path("verificationMaterial");
    if (material.path("tlogEntries").isEmpty()) {
      requireUnloggedInstance(root, bundleName);
      if (envelope.signatures().size() != 1) {
        throw new ForgeException(
            "Sigstore bundle " + bundleName + ": the DSSE envelope carries " + envelope.signatures().size()
                + " signatures; a keyless bundle carries exactly one");
      }
      TimestampedBundleCheck.verify(material, leaf, envelope.pae(), envelope.signatures().get(0).sig(), root, bundleName);
      checkIdentity(leaf, bundleName);
    } else if (DsseAsHashedRekord.appliesTo(json)) {
      byte[] restated = DsseAsHashedRekord.toMessageSignatureBundle(json, envelope, bundleName);
      verifyLogged(DsseAsHashedRekord.loggedDigest(envelope), parse(restated, bundleName), root, bundleName);
    } else {
      verifyLogged(expectedSubject, parse(bundleJson, bundleName), root, bundleName);
    }
    return envelope.payload();
  }

  @Override
  public void verifyDigestSignature(byte[] bundleJson, String bundleName, Sha256Digest signedDigest) {
    JsonNode json = readJson(bundleJson, bundleName);
    messageSignature(json, bundleName, signedDigest);
    X509Certificate leaf = leafCertificate(json, bundleName);
    TrustedRoots.Root root = rootFor(leaf, bundleName);
    if (json.path("verificationMaterial").path("tlogEntries").isEmpty()) {
      requireUnloggedInstance(root, bundleName);
      // An unlogged message signature is not produced by any instance forge signs with.
      throw new ForgeException(
          "Sigstore bundle " + bundleName + " is an unlogged message signature; forge verifies unlogged "
              + "bundles only as DSSE attestations");
    }
    verifyLogged(signedDigest, parse(bundleJson, bundleName), root, bundleName);
  }

  private TrustedRoots.Root rootFor(X509Certificate leaf, String bundleName) {
    try {
      return roots.forCertificate(leaf);
    } catch (ForgeException e) {
      throw new ForgeException("Sigstore bundle " + bundleName + ": " + e.getMessage(), e);
    }
  }

  /** A bundle stripped of its log entry must not pass under a root whose instance logs everything. */
  private static void requireUnloggedInstance(TrustedRoots.Root root, String bundleName) {
    if (root.requiresLogEntry()) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + " has no transparency-log entry, but its trust root "
              + root.source() + " (" + root.fulcioNames() + ") lists a transparency log: every signature "
              + "of that instance is logged, so an unlogged bundle is refused");
    }
  }

  private void checkIdentity(X509Certificate leaf, String bundleName) {
    List<VerificationOptions.CertificateMatcher> matchers = options.getCertificateMatchers();
    boolean matched;
    try {
      matched = matchers.isEmpty() || matchers.stream().anyMatch(m -> m.test(leaf));
    } catch (RuntimeException e) {
      matched = false;
    }
    if (!matched) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + ": wrong identity: expected " + identity + ", the certificate has "
              + SigningIdentity.of(leaf));
    }
  }

  private static X509Certificate leafCertificate(JsonNode json, String bundleName) {
    JsonNode material = json.path("verificationMaterial");
    if (material.has("publicKey")) {
      throw new ForgeException(
          "Sigstore bundle " + bundleName + " is signed with local key " + material.path("publicKey").path("hint").asText("?")
              + " (not keyless): verify it with that public key, not a trusted root");
    }
    String der = material.path("certificate").path("rawBytes").asText(
        material.path("x509CertificateChain").path("certificates").path(0).path("rawBytes").asText(""));
    if (der.isEmpty()) {
      throw new ForgeException("Sigstore bundle " + bundleName + " carries no signing certificate");
    }
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
    } catch (Exception e) {
      throw new ForgeException("Sigstore bundle " + bundleName + ": its certificate cannot be read: " + e.getMessage(), e);
    }
  }

  private static Bundle parse(byte[] bundleJson, String bundleName) {
    JsonNode material = readJson(bundleJson, bundleName).path("verificationMaterial");
    JsonNode entry = material.path("tlogEntries").path(0);
    boolean logGivesTime = entry.path("integratedTime").asLong(0) > 0;
    if (!logGivesTime && material.path("timestampVerificationData").path("rfc3161Timestamps").isEmpty()) {
      // Rekor v2 records no time; without a timestamp nothing says the certificate was valid when it signed.
      throw new ForgeException(
          "Sigstore bundle " + bundleName + " has no trusted time: its log entry records no integrated "
              + "time (Rekor v2) and it carries no RFC 3161 timestamp");
    }
    try {
      return Bundle.from(new StringReader(new String(bundleJson, StandardCharsets.UTF_8)));
    } catch (BundleParseException e) {
      throw new ForgeException("Sigstore bundle " + bundleName + " cannot be read: " + e.getMessage(), e);
    }
  }

  private KeylessVerifier verifierFor(TrustedRoots.Root root) {
    return verifiers.computeIfAbsent(root, r -> {
      try {
        // The root object is handed over as is: no TUF client, no network.
        return KeylessVerifier.builder().trustedRootProvider(r::trust).build();
      } catch (Exception e) {
        throw new ForgeException("could not use the Sigstore trusted root " + r.source() + ": " + e.getMessage(), e);
      }
    });
  }

  /** The identity policy in sigstore-java's terms: no matcher accepts any signer. */
  private static VerificationOptions options(SigningIdentity identity) {
    if (identity == null) {
      return VerificationOptions.empty();
    }
    StringMatcher san;
    try {
      san = identity.sanIsRegex()
          ? StringMatcher.regex(identity.subjectAlternativeName())
          : StringMatcher.string(identity.subjectAlternativeName());
    } catch (RegexSyntaxException e) {
      throw new ForgeException("the signer SAN pattern '" + identity.subjectAlternativeName() + "' is invalid: "
          + e.getMessage(), e);
    }
    return VerificationOptions.builder()
        .addCertificateMatchers(
            VerificationOptions.CertificateMatcher.fulcio()
                .subjectAlternativeName(san)
                .issuer(StringMatcher.string(identity.issuer()))
                .build())
        .build();
  }

  private void verifyLogged(Sha256Digest digest, Bundle bundle, TrustedRoots.Root root, String bundleName) {
    try {
      verifierFor(root).verify(digest.bytes(), bundle, options);
    } catch (KeylessVerificationException | RuntimeException e) {
      if (e instanceof ForgeException forge) {
        throw forge;
      }
      throw new ForgeException(
          "Sigstore bundle " + bundleName + ": " + explain(e.getMessage(), bundle, root) + " [sigstore-java: "
              + e.getMessage() + "]", e);
    }
  }

  /** Turns sigstore-java's message into what failed, in the words docs/signing.md uses. */
  private String explain(String message, Bundle bundle, TrustedRoots.Root root) {
    String m = message == null ? "" : message;
    if (m.contains("signature was not valid") || m.contains("Signature could not be processed")) {
      return "signature invalid: it does not verify with the signing certificate's key "
          + "(the signed content or the signature was altered)";
    }
    if (m.contains("Digest of DSSE payload in bundle does not match") || m.contains("does not match digest in log entry spec")) {
      return "envelope/payload mismatch: the signed content differs from the one recorded in the "
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
          + root.source() + " (or its certificate-transparency proof does not verify); was the bundle "
          + "made on another Sigstore instance, e.g. staging?";
    }
    if (m.contains("Transparency log entry could not be verified")) {
      return "transparency-log entry invalid: its inclusion proof or signed checkpoint does not verify "
          + "against the Rekor keys of " + root.source();
    }
    if (m.contains("Could not parse DSSE from log entry body")) {
      return "unsupported log entry: the transparency-log entry of this DSSE bundle is neither a dsse "
          + "entry nor a hashedrekord over the envelope's PAE";
    }
    if (m.contains("timestamp")) {
      return "timestamp invalid: the RFC 3161 timestamp does not verify against the timestamp "
          + "authorities of " + root.source();
    }
    if (m.contains("artifact digest does not match")) {
      return "digest mismatch: the bundle does not sign the expected digest";
    }
    return "verification failed";
  }
}
