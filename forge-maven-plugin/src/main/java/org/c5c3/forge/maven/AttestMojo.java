package org.c5c3.forge.maven;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.report.BuildReport;
import org.c5c3.forge.sign.AttestationSigner;
import org.c5c3.forge.supply.ImageAttestation;
import org.c5c3.forge.supply.ScanAttestationPredicate;
import org.c5c3.forge.supply.ImageReference;
import org.c5c3.forge.supply.SignerChoice;

/**
 * Attests the pushed service image: signs its SBOM (in-toto statement in a DSSE envelope), its
 * manifest digest and, when forge:scan ran, its vulnerability-scan result, and attaches the Sigstore
 * bundles to the image in the registry. Runs after
 * {@code push-image} and {@code sbom}; base-image modules are skipped.
 */
@Mojo(name = "attest", defaultPhase = LifecyclePhase.DEPLOY, threadSafe = true)
public class AttestMojo extends AbstractForgeMojo {

  /** auto (keyless in GitHub Actions, else local with forge.signingKey, else none), keyless, local or none. */
  @Parameter(property = "forge.signer", defaultValue = "auto")
  private String signer;

  /** The local signer's key: PKCS#8 EC P-256 PEM, its public key beside it as {@code <file>.pub}. */
  @Parameter(property = "forge.signingKey")
  private File signingKey;

  /** forge's own version, named as the scanner in the scan attestation. */
  @Parameter(defaultValue = "${plugin.version}", readonly = true)
  private String forgeVersion;


  @Override
  protected void run() {
    Path reportFile = work().resolve("report.json");
    if (!Files.isRegularFile(reportFile)) {
      throw new ForgeException("nothing to attest: " + reportFile + " is missing; run package and forge:push-image first");
    }
    BuildReport report = BuildReport.read(reportFile);
    if (!push) {
      getLog().info("forge.push=false: nothing pushed, nothing to attest");
      return;
    }
    if (report.pushedDigest == null) {
      throw new ForgeException("nothing to attest: report.json records no pushed digest; forge:push-image must run before forge:attest");
    }
    Optional<AttestationSigner> chosen = SignerChoice.parse(signer)
        .signer(signingKey == null ? null : signingKey.toPath(), System.getenv(), getLog()::warn);
    if (chosen.isEmpty()) {
      return;
    }
    AttestationSigner attestationSigner = chosen.get();
    try {
      if (report.platforms != null && !report.platforms.isEmpty()) {
        // Each platform's image gets its own SBOM attestation and signature (pushed by digest).
        for (BuildReport.PlatformImage image : report.platforms.values()) {
          attest(Path.of(image.report()), image.digest(), attestationSigner);
        }
      } else {
        attest(reportFile, report.pushedDigest, attestationSigner);
      }
    } finally {
      if (attestationSigner instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          getLog().debug("closing the signer: " + e);
        }
      }
    }
  }

  private void attest(Path reportFile, String digest, AttestationSigner attestationSigner) {
    BuildReport report = BuildReport.read(reportFile);
    if (report.sbom == null || !Files.isRegularFile(Path.of(report.sbom))) {
      throw new ForgeException("no SBOM for " + report.image + ": run forge:sbom (package) before forge:attest");
    }
    getLog().info("signing " + report.image + "@" + digest + " with " + attestationSigner.describe());
    ImageReference image = ImageReference.parse(report.image + "@" + digest);
    try {
      ImageAttestation.Attached attached = new ImageAttestation(registryClient(image.registry()))
          .attest(image, Files.readAllBytes(Path.of(report.sbom)), attestationSigner, reportFile.getParent());
      String scanReferrer = null;
      if (report.scan != null && Files.isRegularFile(Path.of(report.scan.file()))) {
        // The scan result goes with the image too: who scanned, against what, when, and what it found.
        byte[] predicate = ScanAttestationPredicate.of(Files.readAllBytes(Path.of(report.scan.file())), forgeVersion);
        scanReferrer = new ImageAttestation(registryClient(image.registry()))
            .attestScan(image, predicate, attestationSigner, reportFile.getParent()).digest();
      }
      report.attestation = new BuildReport.Attestation(
          attached.signer(), attached.attestation().digest(), attached.signature().digest(), scanReferrer);
      report.write(reportFile);
      getLog().info("attached SBOM attestation " + attached.attestation().digest() + ", signature "
          + attached.signature().digest() + (scanReferrer == null ? "" : " and scan attestation " + scanReferrer)
          + " to " + image);
    } catch (java.io.IOException e) {
      throw new ForgeException("cannot read the SBOM " + report.sbom + ": " + e.getMessage(), e);
    }
  }
}
