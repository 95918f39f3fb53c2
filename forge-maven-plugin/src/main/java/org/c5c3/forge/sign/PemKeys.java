package org.c5c3.forge.sign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * PEM files of EC keys: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (SubjectPublicKeyInfo),
 * and the key id forge gives a public key (hex sha256 of its SPKI DER, as cosign and Sigstore
 * bundle key hints use).
 */
public final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private PemKeys() {}

  public static PrivateKey readPrivateKey(Path pem) {
    byte[] der = readBlock(pem, "PRIVATE KEY",
        "a PKCS#8 EC key (-----BEGIN PRIVATE KEY-----); convert an 'EC PRIVATE KEY' with "
            + "'openssl pkcs8 -topk8 -nocrypt -in KEY'");
    try {
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      if (!(key instanceof ECPrivateKey)) {
        throw new ForgeException(pem + " is not an EC private key");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new ForgeException(pem + " does not hold an EC (P-256) PKCS#8 private key: " + e.getMessage(), e);
    }
  }

  public static PublicKey readPublicKey(Path pem) {
    byte[] der = readBlock(pem, "PUBLIC KEY", "an EC public key (-----BEGIN PUBLIC KEY-----)");
    return publicKeyFromDer(der, pem.toString());
  }

  static PublicKey publicKeyFromDer(byte[] der, String source) {
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      if (!(key instanceof ECPublicKey)) {
        throw new ForgeException(source + " is not an EC public key");
      }
      return key;
    } catch (GeneralSecurityException e) {
      throw new ForgeException(source + " does not hold an EC public key: " + e.getMessage(), e);
    }
  }

  /** Hex sha256 of the SubjectPublicKeyInfo DER. */
  public static String keyId(PublicKey key) {
    return Sha256Digest.ofContent(key.getEncoded()).hex();
  }

  public static String toPem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  /** Writes the private key readable by its owner only (where the file system can say so). */
  static void writePrivateKey(Path pem, PrivateKey key) throws IOException {
    if (pem.getParent() != null) {
      Files.createDirectories(pem.getParent());
    }
    Files.writeString(pem, "");
    try {
      Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the directory's ACL.
    }
    Files.writeString(pem, toPem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
  }

  public static void writePublicKey(Path pem, PublicKey key) {
    try {
      if (pem.getParent() != null) {
        Files.createDirectories(pem.getParent());
      }
      Files.writeString(pem, toPem("PUBLIC KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ForgeException("could not write the public key " + pem + ": " + e.getMessage(), e);
    }
  }

  private static byte[] readBlock(Path pem, String type, String expected) {
    String text;
    try {
      text = Files.readString(pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new ForgeException("could not read the key file " + pem + ": " + e.getMessage(), e);
    }
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        try {
          return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
          throw new ForgeException(pem + ": the " + type + " block is not valid base64", e);
        }
      }
    }
    throw new ForgeException(pem + " holds no '" + type + "' PEM block; expected " + expected);
  }
}
