package org.c5c3.forge.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.c5c3.forge.ForgeException;

/**
 * An OCI image index over one image per platform: what a multi-architecture tag points to. Jib
 * can only give every platform the same application layers and writes Docker manifest lists
 * only, so forge builds each platform's image on its own (own build stage, own venv: compiled
 * wheels differ) and puts the index together here. Entries are sorted by platform and the JSON
 * is written in a fixed form, so the same images always give the same index digest.
 */
public final class ImageIndex {

  public static final String MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One platform's image manifest. */
  public record Entry(String platform, String digest, long size, String mediaType) {
    String os() {
      return platform.split("/")[0];
    }

    String architecture() {
      return platform.split("/")[1];
    }

    String variant() {
      String[] parts = platform.split("/");
      return parts.length > 2 ? parts[2] : null;
    }
  }

  private final List<Entry> entries;

  public ImageIndex(List<Entry> entries) {
    if (entries.isEmpty()) {
      throw new ForgeException("an image index needs at least one platform");
    }
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::platform));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).platform().equals(sorted.get(i - 1).platform())) {
        throw new ForgeException("two images for platform " + sorted.get(i).platform() + " in one index");
      }
    }
    this.entries = List.copyOf(sorted);
  }

  public List<Entry> entries() {
    return entries;
  }

  public byte[] bytes() {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MEDIA_TYPE);
    ArrayNode manifests = index.putArray("manifests");
    for (Entry e : entries) {
      ObjectNode m = manifests.addObject();
      m.put("mediaType", e.mediaType());
      m.put("digest", e.digest());
      m.put("size", e.size());
      ObjectNode platform = m.putObject("platform");
      platform.put("architecture", e.architecture());
      platform.put("os", e.os());
      if (e.variant() != null) {
        platform.put("variant", e.variant());
      }
    }
    try {
      return JSON.writeValueAsString(index).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String digest() {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The index entry of an OCI archive Jib wrote. */
  public static Entry entryOf(OciArchive archive) {
    return new Entry(archive.platform(), archive.manifestDigest(), archive.manifestBytes().length,
        "application/vnd.oci.image.manifest.v1+json");
  }
}
