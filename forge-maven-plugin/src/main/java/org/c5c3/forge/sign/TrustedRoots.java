package org.c5c3.forge.sign;

import dev.sigstore.trustroot.CertificateAuthority;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;

/**
 * The pinned Sigstore trust roots of a keyless verifier, read from one file: either a single
 * {@code trusted_root.json} ({@code cosign trusted-root create}, the TUF target) or JSON Lines of
 * several, as {@code gh attestation trusted-root} writes them (public-good, then GitHub's own
 * instance). Only the file is read: no TUF client, no network.
 *
 * <p>A bundle is verified against the root whose Fulcio CA signed its certificate, the way the
 * {@code gh} CLI picks one; each root brings its own policy (GitHub's instance logs nothing, so its
 * root lists no transparency log).
 */
final class TrustedRoots {
  /** One trust root and where it came from, for messages. */
  record Root(SigstoreTrustedRoot trust, String source) {
    /** Whether the instance logs every signature: then a bundle without a log entry is refused. */
    boolean requiresLogEntry() {
      return !trust.getTLogs().isEmpty();
    }

    /**
     * Whether one of this root's CA certificates signed {@code leaf}: the issuer name must match
     * and the certificate's signature verify with that CA's key. The name alone is not enough:
     * public-good and staging both call their intermediate {@code sigstore-intermediate}.
     */
    boolean issued(X509Certificate leaf) {
      return trust.getCAs().stream()
          .map(CertificateAuthority::getCertPath)
          .flatMap(path -> path.getCertificates().stream())
          .map(c -> (X509Certificate) c)
          .filter(ca -> ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal()))
          .anyMatch(ca -> signedBy(leaf, ca));
    }

    private static boolean signedBy(X509Certificate leaf, X509Certificate ca) {
      try {
        leaf.verify(ca.getPublicKey());
        return true;
      } catch (GeneralSecurityException e) {
        return false;
      }
    }

    String fulcioNames() {
      return trust.getCAs().stream().map(ca -> ca.getUri().toString()).distinct().collect(Collectors.joining(", "));
    }
  }

  private final Path file;
  private final List<Root> roots;

  private TrustedRoots(Path file, List<Root> roots) {
    this.file = file;
    this.roots = List.copyOf(roots);
  }

  static TrustedRoots read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ForgeException(
          "the pinned Sigstore trusted root " + file + " does not exist; fetch one with "
              + "'cosign trusted-root create', 'gh attestation trusted-root' or copy trusted_root.json "
              + "from the sigstore TUF repository");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ForgeException("cannot read the Sigstore trusted root " + file + ": " + e.getMessage(), e);
    }
    List<String> documents = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    String trimmed = text.strip();
    if (isJsonLines(trimmed)) {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          documents.add(lines[i]);
          sources.add(file + " line " + (i + 1));
        }
      }
    } else {
      documents.add(text);
      sources.add(file.toString());
    }
    List<Root> roots = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      try {
        roots.add(new Root(
            SigstoreTrustedRoot.from(new ByteArrayInputStream(documents.get(i).getBytes(StandardCharsets.UTF_8))),
            sources.get(i)));
      } catch (Exception e) {
        throw new ForgeException(
            "could not load the Sigstore trusted root " + sources.get(i) + " (expected an "
                + "application/vnd.dev.sigstore.trustedroot+json document): " + e.getMessage(), e);
      }
    }
    if (roots.isEmpty()) {
      throw new ForgeException("the Sigstore trusted root " + file + " is empty");
    }
    return new TrustedRoots(file, roots);
  }

  /** Several one-line JSON objects rather than one (possibly one-line) document. */
  private static boolean isJsonLines(String text) {
    return text.lines().filter(l -> !l.isBlank()).count() > 1
        && text.lines().filter(l -> !l.isBlank()).allMatch(l -> l.strip().startsWith("{") && l.strip().endsWith("}"));
  }

  /**
   * The root whose Fulcio CAs issued {@code leaf}. With a single root that root is returned
   * whatever the issuer, so that the chain check itself says why the certificate is not trusted.
   */
  Root forCertificate(X509Certificate leaf) {
    if (roots.size() == 1) {
      return roots.get(0);
    }
    return roots.stream()
        .filter(r -> r.issued(leaf))
        .findFirst()
        .orElseThrow(() -> new ForgeException(
            "certificate not trusted: its issuer '" + leaf.getIssuerX500Principal().getName()
                + "' is not a Fulcio CA of any of the " + roots.size() + " trust roots in " + file));
  }

  Path file() {
    return file;
  }

  List<Root> roots() {
    return roots;
  }
}
