package org.c5c3.forge.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.c5c3.forge.ForgeException;

/**
 * Reads an OCI image archive (an OCI layout in a tar, as Jib writes it): the manifest, its config
 * and its layers. Blobs can be extracted for tools that need the layer contents (the SBOM).
 */
public final class OciArchive {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A content descriptor: media type, digest, size. */
  public record Descriptor(String mediaType, String digest, long size) {}

  private final Path tarball;
  private final Map<String, byte[]> smallBlobs;
  private final String manifestDigest;
  private final JsonNode manifest;

  private OciArchive(Path tarball, Map<String, byte[]> smallBlobs, String manifestDigest, JsonNode manifest) {
    this.tarball = tarball;
    this.smallBlobs = smallBlobs;
    this.manifestDigest = manifestDigest;
    this.manifest = manifest;
  }

  public static OciArchive read(Path tarball) {
    Map<String, byte[]> small = new HashMap<>();
    byte[] index = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().equals("index.json")) {
          index = tar.readAllBytes();
        } else if (e.getName().startsWith("blobs/sha256/") && e.getSize() < 1 << 20) {
          small.put("sha256:" + e.getName().substring("blobs/sha256/".length()), tar.readAllBytes());
        }
      }
      if (index == null) {
        throw new ForgeException(tarball + " is not an OCI archive: it has no index.json");
      }
      JsonNode manifests = JSON.readTree(index).path("manifests");
      if (manifests.size() != 1) {
        throw new ForgeException(tarball + " holds " + manifests.size() + " manifests; expected one image");
      }
      String digest = manifests.get(0).path("digest").asText();
      byte[] manifestBytes = small.get(digest);
      if (manifestBytes == null) {
        throw new ForgeException(tarball + " lacks its manifest blob " + digest);
      }
      return new OciArchive(tarball, small, digest, JSON.readTree(manifestBytes));
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + tarball, e);
    }
  }

  public String manifestDigest() {
    return manifestDigest;
  }

  /** The manifest exactly as stored (its sha256 is {@link #manifestDigest()}). */
  public byte[] manifestBytes() {
    return smallBlobs.get(manifestDigest).clone();
  }

  /** The config blob exactly as stored. */
  public byte[] configBytes() {
    return smallBlobs.get(config().digest()).clone();
  }

  /** {@code os/architecture[/variant]} from the image config, e.g. {@code linux/arm64}. */
  public String platform() {
    JsonNode c = configJson();
    String variant = c.path("variant").asText("");
    return c.path("os").asText("linux") + "/" + c.path("architecture").asText() + (variant.isEmpty() ? "" : "/" + variant);
  }

  public Descriptor config() {
    return descriptor(manifest.path("config"));
  }

  /** The image config JSON (env, user, labels, history). */
  public JsonNode configJson() {
    try {
      return JSON.readTree(smallBlobs.get(config().digest()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public List<Descriptor> layers() {
    List<Descriptor> layers = new ArrayList<>();
    manifest.path("layers").forEach(l -> layers.add(descriptor(l)));
    return layers;
  }

  /** Extracts the layer blobs into {@code dir} and returns their paths, bottom layer first. */
  public List<Path> extractLayers(Path dir) {
    Map<String, Path> wanted = new HashMap<>();
    for (Descriptor d : layers()) {
      wanted.put("blobs/sha256/" + d.digest().substring("sha256:".length()), dir.resolve(d.digest().replace(':', '-')));
    }
    try {
      Files.createDirectories(dir);
      try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
          Path out = wanted.get(e.getName());
          if (out != null && !Files.exists(out)) {
            Files.copy((InputStream) tar, out, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return layers().stream().map(d -> dir.resolve(d.digest().replace(':', '-'))).toList();
  }

  private static Descriptor descriptor(JsonNode n) {
    return new Descriptor(n.path("mediaType").asText(), n.path("digest").asText(), n.path("size").asLong());
  }
}
