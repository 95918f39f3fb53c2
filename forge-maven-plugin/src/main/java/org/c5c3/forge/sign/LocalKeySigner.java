package org.c5c3.forge.sign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.c5c3.forge.ForgeException;

/**
 * Signs with an ECDSA P-256 key from a PEM file, for offline builds and tests. Its bundles name the
 * key by id ({@code verificationMaterial.publicKey.hint}) and carry no certificate and no
 * transparency-log entry: they prove possession of the key, nothing about who held it. It always
 * calls itself "local key &lt;id&gt; (not keyless)".
 */
public final class LocalKeySigner implements AttestationSigner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String keyId;

  private LocalKeySigner(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.keyId = PemKeys.keyId(publicKey);
  }

  /**
   * Reads the PKCS#8 key at {@code privateKeyPem}. The public key must sit beside it as {@code
   * <file>.pub}, as {@link #generate} writes it, because a PKCS#8 EC key need not embed it.
   */
  public static LocalKeySigner fromPem(Path privateKeyPem) {
    PrivateKey priv = PemKeys.readPrivateKey(privateKeyPem);
    Path pub = publicKeyPath(privateKeyPem);
    if (!Files.isRegularFile(pub)) {
      throw new ForgeException(
          "the public key of " + privateKeyPem + " is missing: expected it in " + pub
              + " (write it with 'openssl ec -in " + privateKeyPem + " -pubout -out " + pub + "')");
    }
    PublicKey pubKey = PemKeys.readPublicKey(pub);
    checkPair(priv, pubKey, privateKeyPem, pub);
    return new LocalKeySigner(priv, pubKey);
  }

  /** Generates a fresh P-256 key and writes it to {@code privateKeyPem} (0600) and {@code <file>.pub}. */
  public static LocalKeySigner generate(Path privateKeyPem) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      PemKeys.writePrivateKey(privateKeyPem, pair.getPrivate());
      PemKeys.writePublicKey(publicKeyPath(privateKeyPem), pair.getPublic());
      return new LocalKeySigner(pair.getPrivate(), pair.getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime cannot generate P-256 keys", e);
    } catch (IOException e) {
      throw new ForgeException("could not write the signing key " + privateKeyPem + ": " + e.getMessage(), e);
    }
  }

  /** Reads the key, or generates it first when it does not exist and {@code generateIfMissing}. */
  public static LocalKeySigner fromPem(Path privateKeyPem, boolean generateIfMissing) {
    if (generateIfMissing && !Files.exists(privateKeyPem)) {
      return generate(privateKeyPem);
    }
    return fromPem(privateKeyPem);
  }

  /** Where the public key of {@code privateKeyPem} lives: the same name plus {@code .pub}. */
  public static Path publicKeyPath(Path privateKeyPem) {
    return privateKeyPem.resolveSibling(privateKeyPem.getFileName() + ".pub");
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return keyId;
  }

  @Override
  public String describe() {
    return "local key " + keyId + " (not keyless)";
  }

  @Override
  public SignedBundle signDsse(byte[] payload, String payloadType) {
    byte[] sig = sign("SHA256withECDSA", DsseEnvelope.pae(payloadType, payload));
    DsseEnvelope envelope =
        new DsseEnvelope(payloadType, payload, List.of(new DsseEnvelope.Signature(keyId, sig)));
    ObjectNode bundle = bundleSkeleton();
    bundle.set("dsseEnvelope", envelope.toJson());
    return new SignedBundle(toBytes(bundle), SignedBundle.Content.DSSE_ENVELOPE, describe());
  }

  /**
   * Signs the digest itself (NONEwithECDSA over the 32 bytes), which is the same signature as
   * SHA256withECDSA over the artifact: a verifier may check either.
   */
  @Override
  public SignedBundle signDigest(byte[] sha256OfArtifact) {
    Sha256Digest digest = Sha256Digest.of(sha256OfArtifact);
    byte[] sig = sign("NONEwithECDSA", digest.bytes());
    ObjectNode bundle = bundleSkeleton();
    ObjectNode message = bundle.putObject("messageSignature");
    ObjectNode messageDigest = message.putObject("messageDigest");
    messageDigest.put("algorithm", "SHA2_256");
    messageDigest.put("digest", Base64.getEncoder().encodeToString(digest.bytes()));
    message.put("signature", Base64.getEncoder().encodeToString(sig));
    return new SignedBundle(toBytes(bundle), SignedBundle.Content.MESSAGE_SIGNATURE, describe());
  }

  private ObjectNode bundleSkeleton() {
    ObjectNode bundle = JSON.createObjectNode();
    bundle.put("mediaType", SignedBundle.MEDIA_TYPE);
    bundle.putObject("verificationMaterial").putObject("publicKey").put("hint", keyId);
    return bundle;
  }

  private byte[] sign(String algorithm, byte[] data) {
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(privateKey);
      signature.update(data);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new ForgeException("signing with " + describe() + " failed: " + e.getMessage(), e);
    }
  }

  private static byte[] toBytes(ObjectNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A private key with someone else's .pub would sign bundles that name the wrong key. */
  private static void checkPair(PrivateKey priv, PublicKey pub, Path privPath, Path pubPath) {
    try {
      if (!(priv instanceof ECPrivateKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new ForgeException(privPath + " is not a P-256 key; forge signs with ECDSA P-256");
      }
      byte[] probe = "forge key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(priv);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(pub);
      v.update(probe);
      if (!v.verify(sig)) {
        throw new ForgeException(
            pubPath + " is not the public key of " + privPath + "; regenerate it with 'openssl ec -in "
                + privPath + " -pubout -out " + pubPath + "'");
      }
    } catch (GeneralSecurityException e) {
      throw new ForgeException("could not use the key pair " + privPath + ": " + e.getMessage(), e);
    }
  }
}
