package org.c5c3.forge.supply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.sign.AttestationSigner;
import org.c5c3.forge.sign.LocalKeySigner;
import org.c5c3.forge.sign.SigstoreKeylessSigner;

/**
 * Which signer {@code forge.signer} asks for, and what {@code auto} means here:
 *
 * <ul>
 *   <li>{@code keyless}: Sigstore keyless with the GitHub Actions OIDC token (fails outside CI);
 *   <li>{@code local}: the ECDSA P-256 key at {@code forge.signingKey} (must exist);
 *   <li>{@code none}: no signature at all, said so in the log;
 *   <li>{@code auto} (the default): keyless when a GitHub Actions OIDC token is available, else
 *       local when a signing key is set, else none with a warning. A build is never reported
 *       as signed when it is not.
 * </ul>
 */
public enum SignerChoice {
  AUTO, KEYLESS, LOCAL, NONE;

  /** Parses {@code forge.signer}; blank means {@link #AUTO}. */
  public static SignerChoice parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ForgeException("forge.signer='" + value + "' is not one of auto, keyless, local, none");
    }
  }

  /**
   * The signer to use, or empty for none.
   *
   * @param signingKey {@code forge.signingKey}, may be null
   * @param env the environment (for the GitHub Actions OIDC variables)
   * @param warn where the "not signed" warning goes
   */
  public Optional<AttestationSigner> signer(Path signingKey, Map<String, String> env, Consumer<String> warn) {
    SignerChoice effective = this;
    if (this == AUTO) {
      if (SigstoreKeylessSigner.available(env)) {
        effective = KEYLESS;
      } else if (signingKey != null) {
        effective = LOCAL;
      } else {
        warn.accept("NOT SIGNED: no GitHub Actions OIDC token (keyless) and no forge.signingKey (local key);"
            + " the image gets no SBOM attestation and no signature. Set -Dforge.signer=none to silence this,"
            + " or -Dforge.signingKey=<PKCS#8 EC key> to sign with a local key.");
        return Optional.empty();
      }
    }
    return switch (effective) {
      case KEYLESS -> Optional.of(SigstoreKeylessSigner.publicGood());
      case LOCAL -> Optional.of(localSigner(signingKey));
      case NONE -> {
        warn.accept("NOT SIGNED: forge.signer=none; the image gets no SBOM attestation and no signature.");
        yield Optional.empty();
      }
      case AUTO -> throw new IllegalStateException("resolved above");
    };
  }

  private static AttestationSigner localSigner(Path signingKey) {
    if (signingKey == null) {
      throw new ForgeException(
          "forge.signer=local needs forge.signingKey: a PKCS#8 EC P-256 key (-----BEGIN PRIVATE KEY-----)"
              + " with its public key beside it as <file>.pub");
    }
    if (!Files.isRegularFile(signingKey)) {
      throw new ForgeException(
          "forge.signingKey " + signingKey + " does not exist; create one with 'openssl genpkey -algorithm EC"
              + " -pkeyopt ec_paramgen_curve:P-256 -out " + signingKey + "' and 'openssl pkey -in " + signingKey
              + " -pubout -out " + signingKey + ".pub'");
    }
    return LocalKeySigner.fromPem(signingKey);
  }
}
