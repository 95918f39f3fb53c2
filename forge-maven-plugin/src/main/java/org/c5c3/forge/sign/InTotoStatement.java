package org.c5c3.forge.sign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.c5c3.forge.ForgeException;

/**
 * An in-toto Statement v1: what is attested ({@code subject}: names and sha256 digests), what
 * kind of claim it is ({@code predicateType}) and the claim itself ({@code predicate}). The JSON is
 * written compactly with a fixed key order, so the same inputs give the same bytes (and the same
 * signature payload digest).
 */
public final class InTotoStatement {
  public static final String TYPE = "https://in-toto.io/Statement/v1";
  /** DSSE payload type of an in-toto statement. */
  public static final String PAYLOAD_TYPE = "application/vnd.in-toto+json";
  /** Predicate type of a CycloneDX SBOM (any spec version). */
  public static final String CYCLONEDX_PREDICATE_TYPE = "https://cyclonedx.org/bom";
  /** cosign's vulnerability-scan predicate, so cosign and policy engines read forge's scan attestation. */
  public static final String VULN_PREDICATE_TYPE = "https://cosign.sigstore.dev/attestation/vuln/v1";

  // BigDecimal keeps numbers in a predicate exactly as written (no float re-formatting).
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** One attested artifact. */
  public record Subject(String name, Sha256Digest digest) {
    public Subject {
      Objects.requireNonNull(digest, "digest");
      if (name == null || name.isBlank()) {
        throw new ForgeException("an in-toto subject needs a name (e.g. the image name)");
      }
    }
  }

  private final List<Subject> subjects;
  private final String predicateType;
  private final JsonNode predicate;

  private InTotoStatement(List<Subject> subjects, String predicateType, JsonNode predicate) {
    if (subjects.isEmpty()) {
      throw new ForgeException("an in-toto statement needs at least one subject");
    }
    if (predicateType == null || predicateType.isBlank()) {
      throw new ForgeException("an in-toto statement needs a predicateType");
    }
    this.subjects = List.copyOf(subjects);
    this.predicateType = predicateType;
    this.predicate = predicate;
  }

  /** A statement about {@code subjects} whose predicate is the JSON document {@code predicateJson}. */
  public static InTotoStatement of(List<Subject> subjects, String predicateType, byte[] predicateJson) {
    JsonNode predicate;
    try {
      predicate = JSON.readTree(predicateJson);
    } catch (IOException e) {
      throw new ForgeException(
          "the predicate of an in-toto statement (" + predicateType + ") is not valid JSON: "
              + e.getMessage(), e);
    }
    if (predicate == null || !predicate.isObject()) {
      throw new ForgeException(
          "the predicate of an in-toto statement (" + predicateType + ") must be a JSON object");
    }
    return new InTotoStatement(subjects, predicateType, predicate);
  }

  /** The SBOM attestation of one image: subject = the image, predicate = the CycloneDX JSON. */
  public static InTotoStatement forSbom(String imageName, Sha256Digest imageDigest, byte[] cycloneDxJson) {
    return of(List.of(new Subject(imageName, imageDigest)), CYCLONEDX_PREDICATE_TYPE, cycloneDxJson);
  }

  /** Reads a statement, e.g. the payload of a verified DSSE envelope. */
  public static InTotoStatement parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new ForgeException("the in-toto statement is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ForgeException("the in-toto statement is not a JSON object");
    }
    String type = root.path("_type").asText("");
    if (!TYPE.equals(type)) {
      throw new ForgeException(
          "the in-toto statement has _type '" + type + "', expected '" + TYPE + "'");
    }
    List<Subject> subjects = new ArrayList<>();
    for (JsonNode s : root.path("subject")) {
      String sha256 = s.path("digest").path("sha256").asText(null);
      if (sha256 == null) {
        continue; // subjects named only by other algorithms cannot match an OCI sha256 digest
      }
      subjects.add(new Subject(s.path("name").asText("(unnamed)"), Sha256Digest.parse(sha256)));
    }
    JsonNode predicate = root.get("predicate");
    return new InTotoStatement(
        subjects, root.path("predicateType").asText(""), predicate == null ? JSON.nullNode() : predicate);
  }

  public List<Subject> subjects() {
    return subjects;
  }

  public String predicateType() {
    return predicateType;
  }

  /** The predicate, compact JSON. */
  public byte[] predicateJson() {
    try {
      return JSON.writeValueAsBytes(predicate);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean hasSubject(Sha256Digest digest) {
    return subjects.stream().anyMatch(s -> s.digest().equals(digest));
  }

  /** The statement as compact JSON, keys in the order the spec lists them. */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("_type", TYPE);
    ArrayNode subjectArray = root.putArray("subject");
    for (Subject s : subjects) {
      ObjectNode node = subjectArray.addObject();
      node.put("name", s.name());
      node.putObject("digest").put("sha256", s.digest().hex());
    }
    root.put("predicateType", predicateType);
    root.set("predicate", predicate);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
