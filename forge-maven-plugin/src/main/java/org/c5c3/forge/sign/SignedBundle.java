package org.c5c3.forge.sign;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Sigstore bundle (v0.3 JSON) as produced by an {@link AttestationSigner}: the signature with
 * what is needed to verify it (certificate and log entries for keyless, a key hint for a local
 * key). It is the unit that is attached to an image in the registry.
 */
public final class SignedBundle {
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** What the bundle signs; the names are those of the {@code dev.sigstore.bundle.content} annotation. */
  public enum Content {
    /** A DSSE envelope, e.g. an in-toto attestation. */
    DSSE_ENVELOPE("dsse-envelope"),
    /** A signature over a sha256 digest, e.g. of an image manifest. */
    MESSAGE_SIGNATURE("message-signature");

    private final String annotationValue;

    Content(String annotationValue) {
      this.annotationValue = annotationValue;
    }

    public String annotationValue() {
      return annotationValue;
    }
  }

  private final byte[] json;
  private final Content content;
  private final String signer;

  public SignedBundle(byte[] json, Content content, String signer) {
    this.json = json.clone();
    this.content = content;
    this.signer = signer;
  }

  public byte[] json() {
    return json.clone();
  }

  public Content content() {
    return content;
  }

  /** The signer's {@link AttestationSigner#describe()}, for logs. */
  public String signer() {
    return signer;
  }

  public String mediaType() {
    return MEDIA_TYPE;
  }

  public void writeTo(Path file) {
    try {
      Files.write(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the Sigstore bundle to " + file, e);
    }
  }
}
