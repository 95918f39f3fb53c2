package org.c5c3.forge.sign;

/**
 * Signs attestations (DSSE envelopes) and image digests and returns Sigstore bundles. Two
 * implementations: {@link SigstoreKeylessSigner} (CI, GitHub Actions OIDC) and {@link
 * LocalKeySigner} (offline and tests). Callers log {@link #describe()} so nobody mistakes a
 * local-key signature for a keyless one.
 */
public interface AttestationSigner {
  /** Signs {@code payload} of type {@code payloadType} as a DSSE envelope. */
  SignedBundle signDsse(byte[] payload, String payloadType);

  /** Signs a sha256 digest (e.g. an image manifest digest) as a message signature. */
  SignedBundle signDigest(byte[] sha256OfArtifact);

  /** Who signs, for logs: e.g. {@code local key 3fa1… (not keyless)}. */
  String describe();
}
