package org.c5c3.forge.sign;

import dev.sigstore.KeylessSigner;
import dev.sigstore.KeylessSignerException;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.oidc.client.GithubActionsOidcClient;
import dev.sigstore.oidc.client.OidcClients;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;

/**
 * Sigstore keyless signing on the public-good instance: an ephemeral key, a short-lived Fulcio
 * certificate bound to the GitHub Actions workflow identity (OIDC), and a Rekor transparency-log
 * entry. Only the GitHub Actions OIDC provider is used: outside CI this signer refuses to start
 * rather than opening a browser login.
 *
 * <p>DSSE envelopes are signed the way Rekor v2 logs them: the signer signs {@code sha256(PAE)}
 * as a message signature (a hashedrekord v0.0.2 entry plus an RFC 3161 timestamp) and restates the
 * result as a DSSE bundle ({@link DsseAsHashedRekord}). sigstore-java 2.0.0's own
 * {@code attest(...)} logs a {@code dsse} entry instead, a layout sigstore-java itself replaced in
 * 2.2.0 and that the Rekor v2 samples no longer use.
 */
public final class SigstoreKeylessSigner implements AttestationSigner, AutoCloseable {
  static final String TOKEN_URL_ENV = "ACTIONS_ID_TOKEN_REQUEST_URL";
  static final String TOKEN_ENV = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

  private final KeylessSigner signer;

  private SigstoreKeylessSigner(KeylessSigner signer) {
    this.signer = signer;
  }

  /** Whether a GitHub Actions OIDC token can be requested in this environment. */
  public static boolean available(Map<String, String> env) {
    return !isBlank(env.get(TOKEN_URL_ENV)) && !isBlank(env.get(TOKEN_ENV));
  }

  /** A signer for the public-good Sigstore instance; needs the GitHub Actions OIDC environment. */
  public static SigstoreKeylessSigner publicGood() {
    return publicGood(System.getenv());
  }

  static SigstoreKeylessSigner publicGood(Map<String, String> env) {
    if (!available(env)) {
      throw new ForgeException(
          "keyless signing needs a GitHub Actions OIDC token (" + TOKEN_URL_ENV + " and " + TOKEN_ENV
              + " are not set; in a workflow grant 'permissions: id-token: write'). "
              + "Offline or outside CI, use the local-key signer instead.");
    }
    try {
      KeylessSigner signer =
          KeylessSigner.builder()
              .sigstorePublicDefaults()
              .enableRekorV2(true)
              .forceCredentialProviders(OidcClients.of(GithubActionsOidcClient.builder().build()))
              .build();
      return new SigstoreKeylessSigner(signer);
    } catch (Exception e) {
      throw new ForgeException(
          "could not set up Sigstore keyless signing (public-good TUF root, Fulcio, Rekor): "
              + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "Sigstore keyless (GitHub Actions OIDC, public-good Fulcio and Rekor)";
  }

  @Override
  public SignedBundle signDsse(byte[] payload, String payloadType) {
    byte[] paeDigest = DsseAsHashedRekord.loggedDigest(new DsseEnvelope(payloadType, payload, List.of())).bytes();
    try {
      Bundle bundle = signer.sign(paeDigest);
      byte[] dsse =
          DsseAsHashedRekord.toDsseBundle(bundle.toJson().getBytes(StandardCharsets.UTF_8), payload, payloadType);
      return new SignedBundle(dsse, SignedBundle.Content.DSSE_ENVELOPE, describe());
    } catch (KeylessSignerException | RuntimeException e) {
      throw new ForgeException("keyless signing of the attestation failed: " + e.getMessage(), e);
    }
  }

  @Override
  public SignedBundle signDigest(byte[] sha256OfArtifact) {
    Sha256Digest digest = Sha256Digest.of(sha256OfArtifact);
    try {
      Bundle bundle = signer.sign(digest.bytes());
      return new SignedBundle(
          bundle.toJson().getBytes(StandardCharsets.UTF_8), SignedBundle.Content.MESSAGE_SIGNATURE, describe());
    } catch (KeylessSignerException | RuntimeException e) {
      throw new ForgeException("keyless signing of " + digest + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    signer.close();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
