package org.c5c3.forge.sign;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * A sha256 digest, written {@code sha256:<64 hex>} in OCI and as bare hex in in-toto subjects.
 * Accepts both spellings so callers can pass an image digest straight from the registry.
 */
public final class Sha256Digest {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private final String hex;

  private Sha256Digest(String hex) {
    this.hex = hex;
  }

  /** Parses {@code sha256:<hex>} or {@code <hex>} (upper-case hex is folded). */
  public static Sha256Digest parse(String digest) {
    String value = digest == null ? "" : digest.trim().toLowerCase(Locale.ROOT);
    if (value.startsWith("sha256:")) {
      value = value.substring("sha256:".length());
    }
    if (!HEX.matcher(value).matches()) {
      throw new ForgeException(
          "'" + digest + "' is not a sha256 digest: expected sha256:<64 hex digits> or <64 hex digits>");
    }
    return new Sha256Digest(value);
  }

  public static Sha256Digest of(byte[] rawDigest) {
    if (rawDigest.length != 32) {
      throw new ForgeException(
          "a sha256 digest has 32 bytes, got " + rawDigest.length + " bytes");
    }
    return new Sha256Digest(HexFormat.of().formatHex(rawDigest));
  }

  /** The digest of {@code content}. */
  public static Sha256Digest ofContent(byte[] content) {
    try {
      return of(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public String hex() {
    return hex;
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  /** The OCI spelling, {@code sha256:<hex>}. */
  @Override
  public String toString() {
    return "sha256:" + hex;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256Digest other && other.hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return hex.hashCode();
  }
}
