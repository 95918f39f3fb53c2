package org.c5c3.forge.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.sign.BundleVerifier;
import org.c5c3.forge.sign.SigningIdentity;
import org.c5c3.forge.supply.ImageReference;
import org.c5c3.forge.supply.ImageVerification;

/**
 * Verifies a pushed image by reference: its SBOM attestation and its signature (offline, against a
 * local public key or a pinned Sigstore trusted root), that both are about this digest, and that the
 * SBOM lists exactly what is installed in the image's layers. Needs no project:
 * {@code mvn org.c5c3.forge:forge-maven-plugin:verify -Dforge.image=… -Dforge.publicKey=…}.
 */
@Mojo(name = "verify", requiresProject = false, aggregator = true, threadSafe = true)
public class VerifyMojo extends AbstractForgeMojo {

  /** The image: {@code registry/repository:tag} or {@code registry/repository@sha256:…}. */
  @Parameter(property = "forge.image", required = true)
  private String image;

  /** Public key (PEM) of a local-key signer. */
  @Parameter(property = "forge.publicKey")
  private File publicKey;

  /**
   * Pinned Sigstore trust roots for keyless bundles: a trusted_root.json, or the JSON Lines of
   * several that {@code gh attestation trusted-root} writes (each bundle is checked against the
   * root whose Fulcio CA issued its certificate).
   */
  @Parameter(property = "forge.trustedRoot")
  private File trustedRoot;

  /** Keyless: the certificate SAN the signer must have (e.g. the workflow URI with its ref). */
  @Parameter(property = "forge.identity.san")
  private String identitySan;

  /**
   * Keyless: a regular expression the whole certificate SAN must match, instead of
   * {@code forge.identity.san} (e.g. {@code https://github.com/c5c3/forge/\.github/workflows/images\.yml@refs/(heads/main|tags/.*)}).
   */
  @Parameter(property = "forge.identity.sanRegex")
  private String identitySanRegex;

  /** Keyless: the OIDC issuer; defaults to GitHub Actions' when a SAN is given. */
  @Parameter(property = "forge.identity.issuer")
  private String identityIssuer;

  @Override
  protected void run() {
    ImageReference reference = ImageReference.parse(image);
    Path scratch;
    try {
      scratch = Files.createTempDirectory("forge-verify");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (ImageVerification.Result result : new ImageVerification(registryClient(reference.registry()), verifier(),
          getLog()::info).verifyAll(reference, scratch)) {
        getLog().info("VERIFIED " + result.image() + ": signed SBOM attestation and image signature ("
            + result.verifier() + "), SBOM equals the image content (" + result.components() + " packages)"
            + (result.scan() == null ? "" : "; signed scan: " + result.scan()));
      }
    } finally {
      FileTrees.deleteRecursively(scratch);
    }
  }

  private BundleVerifier verifier() {
    boolean hasKey = publicKey != null;
    boolean hasRoot = trustedRoot != null;
    if (hasKey == hasRoot) {
      throw new ForgeException(hasKey
          ? "set either forge.publicKey (local-key signatures) or forge.trustedRoot (keyless), not both"
          : "forge:verify needs what to trust: -Dforge.publicKey=<PEM public key> for local-key signatures,"
              + " or -Dforge.trustedRoot=<trusted_root.json> (with -Dforge.identity.san=…) for keyless ones");
    }
    if (hasKey) {
      if (!publicKey.isFile()) {
        throw new ForgeException("forge.publicKey " + publicKey + " does not exist");
      }
      return BundleVerifier.localKey(publicKey.toPath());
    }
    SigningIdentity identity = null;
    if (!blank(identitySan) && !blank(identitySanRegex)) {
      throw new ForgeException("set either forge.identity.san (exact) or forge.identity.sanRegex (a pattern), not both");
    }
    boolean regex = !blank(identitySanRegex);
    String san = regex ? identitySanRegex : identitySan;
    if (blank(san) && !blank(identityIssuer)) {
      throw new ForgeException("forge.identity.issuer needs forge.identity.san or forge.identity.sanRegex too (the signer's certificate SAN)");
    }
    if (!blank(san)) {
      identity = new SigningIdentity(san.strip(),
          blank(identityIssuer) ? SigningIdentity.GITHUB_ACTIONS_ISSUER : identityIssuer.strip(), regex);
    } else {
      getLog().warn("no forge.identity.san: any keyless signer the trusted root accepts will do");
    }
    return BundleVerifier.keyless(trustedRoot.toPath(), identity);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
