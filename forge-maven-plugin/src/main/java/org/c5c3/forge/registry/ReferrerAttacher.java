package org.c5c3.forge.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.c5c3.forge.ForgeException;

/**
 * Attaches artifacts (Sigstore bundles: attestations and signatures) to an image the OCI 1.1 way:
 * an image manifest with {@code artifactType}, the empty config, one layer holding the artifact,
 * and {@code subject} pointing at the image. Registries with the referrers API index it by
 * subject themselves; for those without (distribution 2.8, the Debian registry) the referrers
 * tag schema is kept too: an image index tagged {@code sha256-<hex of the subject>} that lists
 * every referrer, updated read-modify-write so existing entries stay.
 */
public final class ReferrerAttacher {
  public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  public static final byte[] EMPTY_CONTENT = "{}".getBytes(StandardCharsets.UTF_8);
  /** Annotation Sigstore clients read on a bundle referrer: {@code dsse-envelope} or {@code message-signature}. */
  public static final String BUNDLE_CONTENT_ANNOTATION = "dev.sigstore.bundle.content";
  /** Annotation with the in-toto predicate type of an attestation referrer. */
  public static final String BUNDLE_PREDICATE_TYPE_ANNOTATION = "dev.sigstore.bundle.predicateType";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RegistryClient client;

  public ReferrerAttacher(RegistryClient client) {
    this.client = client;
  }

  /** The referrers-schema fallback tag of {@code digest}: {@code sha256:ab…} → {@code sha256-ab…}. */
  public static String fallbackTag(String digest) {
    int colon = digest.indexOf(':');
    if (colon < 0) {
      throw new ForgeException("'" + digest + "' is not a digest (algorithm:hex)");
    }
    return digest.substring(0, colon) + "-" + digest.substring(colon + 1);
  }

  /**
   * Pushes {@code content} as a referrer of {@code subject} and lists it in the fallback index.
   * Returns the referrer manifest's descriptor (as listed in the index). Attaching the same
   * content twice gives the same manifest and leaves one entry.
   */
  public Descriptor attach(
      String repository, Descriptor subject, String artifactType, String layerMediaType,
      byte[] content, Map<String, String> annotations) {
    String emptyDigest = client.pushBlob(repository, EMPTY_CONTENT);
    String layerDigest = client.pushBlob(repository, content);

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", RegistryClient.OCI_MANIFEST);
    manifest.put("artifactType", artifactType);
    ObjectNode config = new Descriptor(EMPTY_MEDIA_TYPE, emptyDigest, EMPTY_CONTENT.length).toJson();
    config.put("data", "e30="); // base64 "{}", as the image spec recommends for the empty descriptor
    manifest.set("config", config);
    manifest.putArray("layers").add(new Descriptor(layerMediaType, layerDigest, content.length).toJson());
    manifest.set("subject", new Descriptor(subject.mediaType(), subject.digest(), subject.size()).toJson());
    if (!annotations.isEmpty()) {
      ObjectNode a = manifest.putObject("annotations");
      new java.util.TreeMap<>(annotations).forEach(a::put);
    }
    byte[] manifestBytes = bytes(manifest);
    String digest = RegistryClient.sha256(manifestBytes);
    client.pushManifest(repository, digest, RegistryClient.OCI_MANIFEST, manifestBytes);

    Descriptor referrer =
        new Descriptor(RegistryClient.OCI_MANIFEST, digest, manifestBytes.length, artifactType, annotations);
    addToFallbackIndex(repository, subject.digest(), referrer);
    return referrer;
  }

  /**
   * The referrers of {@code subjectDigest}, optionally only those of {@code artifactType}: from the
   * referrers API when the registry has one, else from the {@code sha256-<hex>} index.
   */
  public List<Descriptor> findReferrers(String repository, String subjectDigest, String artifactType) {
    Optional<byte[]> fromApi = client.getReferrers(repository, subjectDigest, artifactType);
    byte[] index;
    if (fromApi.isPresent()) {
      index = fromApi.get();
    } else {
      Optional<RegistryClient.Manifest> tagged = client.findManifest(repository, fallbackTag(subjectDigest));
      if (tagged.isEmpty()) {
        return List.of();
      }
      index = tagged.get().bytes();
    }
    List<Descriptor> result = new ArrayList<>();
    for (JsonNode entry : RegistryClient.readJson(index).path("manifests")) {
      Descriptor d = Descriptor.fromJson(entry);
      // Filter here too: the API may ignore the filter, the fallback index never applies one.
      if (artifactType == null || artifactType.equals(d.artifactType())) {
        result.add(d);
      }
    }
    return result;
  }

  /** The artifact a referrer carries: the blob of its single layer. */
  public byte[] fetchArtifact(String repository, Descriptor referrer) {
    JsonNode manifest = RegistryClient.readJson(client.getManifest(repository, referrer.digest()));
    JsonNode layers = manifest.path("layers");
    if (layers.size() != 1) {
      throw new ForgeException(
          "referrer " + repository + "@" + referrer.digest() + " has " + layers.size()
              + " layers; a forge attachment has exactly one");
    }
    return client.getBlob(repository, layers.get(0).path("digest").asText());
  }

  private void addToFallbackIndex(String repository, String subjectDigest, Descriptor referrer) {
    String tag = fallbackTag(subjectDigest);
    Optional<RegistryClient.Manifest> existing = client.findManifest(repository, tag);
    ObjectNode index;
    if (existing.isPresent()) {
      JsonNode node = RegistryClient.readJson(existing.get().bytes());
      if (!RegistryClient.OCI_INDEX.equals(existing.get().mediaType()) || !node.has("manifests")) {
        throw new ForgeException(
            repository + ":" + tag + " exists but is a " + existing.get().mediaType()
                + ", not the OCI referrers index forge maintains; remove that tag or use a registry with the referrers API");
      }
      index = (ObjectNode) node;
    } else {
      index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", RegistryClient.OCI_INDEX);
      index.putArray("manifests");
    }
    ArrayNode manifests = (ArrayNode) index.get("manifests");
    for (JsonNode entry : manifests) {
      if (referrer.digest().equals(entry.path("digest").asText())) {
        return; // already listed: keep the index (and its digest) unchanged
      }
    }
    manifests.add(referrer.toJson());
    client.pushManifest(repository, tag, RegistryClient.OCI_INDEX, bytes(index));
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
