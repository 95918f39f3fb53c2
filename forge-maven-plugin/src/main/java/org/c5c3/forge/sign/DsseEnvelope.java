package org.c5c3.forge.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.c5c3.forge.ForgeException;

/**
 * A DSSE envelope (https://github.com/secure-systems-lab/dsse): a payload, its type, and
 * signatures over the pre-authentication encoding (PAE) of both. Signing the PAE rather than the
 * bare payload binds the type, so a payload cannot be re-interpreted as another kind of document.
 */
public final class DsseEnvelope {
  /** One signature; {@code keyid} is optional in DSSE and may be empty. */
  public record Signature(String keyid, byte[] sig) {
    public Signature {
      keyid = keyid == null ? "" : keyid;
      sig = sig.clone();
    }

    @Override
    public byte[] sig() {
      return sig.clone();
    }
  }

  private final String payloadType;
  private final byte[] payload;
  private final List<Signature> signatures;

  public DsseEnvelope(String payloadType, byte[] payload, List<Signature> signatures) {
    this.payloadType = Objects.requireNonNull(payloadType, "payloadType");
    this.payload = payload.clone();
    this.signatures = List.copyOf(signatures);
  }

  /**
   * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, LEN being the byte length as ASCII
   * decimal without leading zeros, the type encoded as UTF-8.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public byte[] pae() {
    return pae(payloadType, payload);
  }

  public String payloadType() {
    return payloadType;
  }

  public byte[] payload() {
    return payload.clone();
  }

  public List<Signature> signatures() {
    return signatures;
  }

  /** The envelope as it appears in a Sigstore bundle's {@code dsseEnvelope} (standard base64). */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("payload", Base64.getEncoder().encodeToString(payload));
    node.put("payloadType", payloadType);
    var array = node.putArray("signatures");
    for (Signature s : signatures) {
      ObjectNode sig = array.addObject();
      sig.put("sig", Base64.getEncoder().encodeToString(s.sig()));
      if (!s.keyid().isEmpty()) {
        sig.put("keyid", s.keyid());
      }
    }
    return node;
  }

  /** Reads a {@code dsseEnvelope} JSON object; accepts standard and URL-safe base64. */
  public static DsseEnvelope fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new ForgeException("the DSSE envelope is missing or not a JSON object");
    }
    String payloadType = node.path("payloadType").asText(null);
    String payload = node.path("payload").asText(null);
    if (payloadType == null || payload == null) {
      throw new ForgeException("the DSSE envelope has no payloadType or no payload");
    }
    List<Signature> signatures = new ArrayList<>();
    for (JsonNode s : node.path("signatures")) {
      signatures.add(new Signature(s.path("keyid").asText(""), decodeBase64(s.path("sig").asText(""), "signature")));
    }
    return new DsseEnvelope(payloadType, decodeBase64(payload, "payload"), signatures);
  }

  private static byte[] decodeBase64(String text, String what) {
    try {
      return text.indexOf('-') >= 0 || text.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(text)
          : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ForgeException("the DSSE envelope's " + what + " is not valid base64", e);
    }
  }
}
