package org.c5c3.forge.supply;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.c5c3.forge.registry.RegistryClient;

/**
 * A small but real OCI image: a Debian-like base layer (os-release, dpkg status and md5sums) and
 * a venv layer with {@code .dist-info} directories. It can be written as the OCI archive
 * {@code build-image} writes and pushed to a registry with the same digest.
 */
final class SmallImage {
  static final String SITE = "var/lib/openstack/lib/python3.11/site-packages/";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A Python distribution in the venv layer. */
  record Dist(String name, String version) {}

  private final List<byte[]> layers = new ArrayList<>();
  private final byte[] config;
  private final byte[] manifest;

  private SmallImage(List<byte[]> layers) throws IOException {
    this.layers.addAll(layers);
    ObjectNode cfg = JSON.createObjectNode();
    cfg.put("architecture", "amd64");
    cfg.put("os", "linux");
    ObjectNode rootfs = cfg.putObject("rootfs");
    rootfs.put("type", "layers");
    for (byte[] layer : layers) {
      rootfs.withArray("diff_ids").add(sha256(gunzip(layer)));
    }
    this.config = JSON.writeValueAsBytes(cfg);
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", RegistryClient.OCI_MANIFEST);
    m.set("config", descriptor("application/vnd.oci.image.config.v1+json", config));
    for (byte[] layer : layers) {
      m.withArray("layers").add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer));
    }
    this.manifest = JSON.writeValueAsBytes(m);
  }

  /** An image with the dpkg packages {@code name=version} and Python distributions given. */
  static SmallImage of(Map<String, String> debs, List<Dist> dists) throws IOException {
    StringBuilder status = new StringBuilder();
    Map<String, byte[]> base = new LinkedHashMap<>();
    base.put("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n".getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> deb : debs.entrySet()) {
      status.append("Package: ").append(deb.getKey()).append("\nStatus: install ok installed\nArchitecture: amd64\nVersion: ")
          .append(deb.getValue()).append("\nDescription: test package\n\n");
      base.put("var/lib/dpkg/info/" + deb.getKey() + ".md5sums",
          ("0123456789abcdef0123456789abcdef  usr/lib/" + deb.getKey() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    base.put("var/lib/dpkg/status", status.toString().getBytes(StandardCharsets.UTF_8));
    Map<String, byte[]> venv = new LinkedHashMap<>();
    for (Dist d : dists) {
      String info = SITE + d.name().replace('-', '_') + "-" + d.version() + ".dist-info/";
      venv.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + d.name() + "\nVersion: " + d.version()
          + "\nLicense: MIT\n").getBytes(StandardCharsets.UTF_8));
      venv.put(info + "RECORD", (d.name() + "/__init__.py,sha256=abc,1\n").getBytes(StandardCharsets.UTF_8));
    }
    return new SmallImage(List.of(layer(base), layer(venv)));
  }

  String digest() {
    return sha256(manifest);
  }

  long manifestSize() {
    return manifest.length;
  }

  /** The image as an OCI archive, the way build-image writes target/forge/image.tar. */
  Path writeArchive(Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.withArray("manifests").add(descriptor(RegistryClient.OCI_MANIFEST, manifest));
      entry(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
      entry(tar, "index.json", JSON.writeValueAsBytes(index));
      entry(tar, blobPath(manifest), manifest);
      entry(tar, blobPath(config), config);
      for (byte[] layer : layers) {
        entry(tar, blobPath(layer), layer);
      }
    }
    return file;
  }

  /** Pushes blobs and manifest; the registry's digest is {@link #digest()}. */
  String push(RegistryClient client, String repository, String tag) {
    for (byte[] layer : layers) {
      client.pushBlob(repository, layer);
    }
    client.pushBlob(repository, config);
    return client.pushManifest(repository, tag, RegistryClient.OCI_MANIFEST, manifest);
  }

  private static byte[] layer(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        entry(tar, f.getKey(), f.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private static void entry(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name);
    e.setSize(content.length);
    e.setModTime(0);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static ObjectNode descriptor(String mediaType, byte[] content) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", sha256(content));
    d.put("size", content.length);
    return d;
  }

  private static String blobPath(byte[] content) {
    return "blobs/sha256/" + sha256(content).substring("sha256:".length());
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
