package org.c5c3.forge.sign;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.c5c3.forge.ForgeException;

/**
 * Who must have signed a keyless bundle: the Fulcio certificate's subject alternative name (for
 * GitHub Actions the workflow URI, e.g. {@code
 * https://github.com/c5c3/forge/.github/workflows/build.yml@refs/heads/main}) and the OIDC issuer
 * ({@code https://token.actions.githubusercontent.com}). The issuer compares exactly; the SAN
 * exactly, or as a regular expression over the whole SAN when {@code sanIsRegex} (to accept, say,
 * every release tag of one workflow: {@code …/images.yml@refs/tags/.*}).
 */
public record SigningIdentity(String subjectAlternativeName, String issuer, boolean sanIsRegex) {
  public static final String GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";

  // Fulcio's OIDC issuer extensions: v1 holds the raw string, v2 a DER UTF8String.
  private static final String ISSUER_V1_OID = "1.3.6.1.4.1.57264.1.1";
  private static final String ISSUER_V2_OID = "1.3.6.1.4.1.57264.1.8";

  public SigningIdentity {
    if (subjectAlternativeName == null || subjectAlternativeName.isBlank() || issuer == null || issuer.isBlank()) {
      throw new ForgeException("a signing identity needs both a subject alternative name and an OIDC issuer");
    }
    if (sanIsRegex) {
      try {
        Pattern.compile(subjectAlternativeName);
      } catch (PatternSyntaxException e) {
        throw new ForgeException("the signer SAN pattern '" + subjectAlternativeName + "' is not a regular expression: "
            + e.getDescription(), e);
      }
    }
  }

  /** An exact SAN. */
  public SigningIdentity(String subjectAlternativeName, String issuer) {
    this(subjectAlternativeName, issuer, false);
  }

  /** The identity a Fulcio certificate carries (first SAN, issuer extension), for messages. */
  static SigningIdentity of(X509Certificate cert) {
    return new SigningIdentity(firstSan(cert), issuerOf(cert));
  }

  @Override
  public String toString() {
    return "SAN " + (sanIsRegex ? "matching " : "") + "'" + subjectAlternativeName + "', issuer '" + issuer + "'";
  }

  private static String firstSan(X509Certificate cert) {
    try {
      Collection<List<?>> names = cert.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (name.size() >= 2 && name.get(1) instanceof String value) {
            return value;
          }
        }
      }
    } catch (CertificateParsingException e) {
      // fall through: reported as "(none)"
    }
    return "(none)";
  }

  private static String issuerOf(X509Certificate cert) {
    byte[] v2 = cert.getExtensionValue(ISSUER_V2_OID);
    if (v2 != null) {
      return new String(derContent(derContent(v2)), StandardCharsets.UTF_8);
    }
    byte[] v1 = cert.getExtensionValue(ISSUER_V1_OID);
    if (v1 != null) {
      return new String(derContent(v1), StandardCharsets.UTF_8);
    }
    return "(none)";
  }

  /** The content octets of one DER element (tag, length, content). */
  private static byte[] derContent(byte[] der) {
    int length = der[1] & 0xff;
    int offset = 2;
    if (length > 0x7f) {
      int lengthBytes = length & 0x7f;
      length = 0;
      for (int i = 0; i < lengthBytes; i++) {
        length = (length << 8) | (der[2 + i] & 0xff);
      }
      offset += lengthBytes;
    }
    return java.util.Arrays.copyOfRange(der, offset, offset + length);
  }
}
