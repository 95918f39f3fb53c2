package org.c5c3.forge.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An OCI content descriptor: what a manifest, index or blob is ({@code mediaType}), its {@code
 * digest} and {@code size}, and for referrers the {@code artifactType} and {@code annotations}.
 */
public record Descriptor(
    String mediaType, String digest, long size, String artifactType, Map<String, String> annotations) {
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public Descriptor(String mediaType, String digest, long size) {
    this(mediaType, digest, size, null, Map.of());
  }

  /** JSON in the spec's field order; annotations sorted so the bytes are stable. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("mediaType", mediaType);
    if (artifactType != null) {
      node.put("artifactType", artifactType);
    }
    node.put("digest", digest);
    node.put("size", size);
    if (!annotations.isEmpty()) {
      ObjectNode a = node.putObject("annotations");
      new TreeMap<>(annotations).forEach(a::put);
    }
    return node;
  }

  public static Descriptor fromJson(JsonNode node) {
    Map<String, String> annotations = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("annotations").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      annotations.put(e.getKey(), e.getValue().asText());
    }
    JsonNode artifactType = node.get("artifactType");
    return new Descriptor(
        node.path("mediaType").asText(""),
        node.path("digest").asText(""),
        node.path("size").asLong(),
        artifactType == null ? null : artifactType.asText(),
        annotations);
  }
}
