package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local registry named by the system property {@code forge.test.registry} (scripts/test-env
 * starts one on 127.0.0.1:5555), and real images pushed to it. Tests skip when it is not set.
 */
final class TestRegistry {

  final String address;

  private TestRegistry(String address) {
    this.address = address;
  }

  static TestRegistry fromSystemProperty() {
    String address = System.getProperty("forge.test.registry", "");
    assumeTrue(!address.isBlank() && !address.startsWith("${"),
        "forge.test.registry is not set: no registry to test against");
    return new TestRegistry(address.trim());
  }

  /** A repository name no other test (or earlier run) has used. */
  String uniqueRepository(String what) {
    return address + "/forge-test/" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Pushes a one-layer image whose content is {@code content} under each tag; its digest. */
  static String pushImage(String repository, Path work, String content, String... tags)
      throws Exception {
    return pushImage(repository, work, content, null, tags);
  }

  /** As above, logging in as {@code userAndPassword[0]} with {@code userAndPassword[1]}. */
  static String pushImage(
      String repository, Path work, String content, String[] userAndPassword, String... tags)
      throws Exception {
    Path file = Files.createTempFile(work, "layer", ".txt");
    Files.writeString(file, content);
    RegistryImage target = RegistryImage.named(repository + ":" + tags[0]);
    if (userAndPassword != null) {
      target.addCredential(userAndPassword[0], userAndPassword[1]);
    }
    Containerizer to =
        Containerizer.to(target)
            .setAllowInsecureRegistries(true)
            .setBaseImageLayersCache(work.resolve("jib-base-cache"))
            .setApplicationLayersCache(work.resolve("jib-app-cache"));
    for (int i = 1; i < tags.length; i++) {
      to.withAdditionalTag(tags[i]);
    }
    JibContainer pushed =
        Jib.fromScratch()
            .addFileEntriesLayer(
                FileEntriesLayer.builder()
                    .addEntry(file, AbsoluteUnixPath.get("/content.txt"))
                    .build())
            .containerize(to);
    return pushed.getDigest().toString();
  }

  /**
   * Writes an OCI layout holding an image index of two single-layer images (amd64, arm64) and
   * pushes it with skopeo unchanged; returns the index's digest.
   */
  static String pushIndexWithSkopeo(String repository, String tag, Path work) throws Exception {
    Path layout = Files.createDirectories(work.resolve("oci-layout"));
    Path blobs = Files.createDirectories(layout.resolve("blobs/sha256"));
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    List<String> manifests = new ArrayList<>();
    for (String arch : List.of("amd64", "arm64")) {
      byte[] layer = tarWithOneFile("arch.txt", arch + " " + UUID.randomUUID());
      String layerDigest = writeBlob(blobs, layer);
      String config = "{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"rootfs\":{\"type\":"
          + "\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}";
      byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
      String configDigest = writeBlob(blobs, configBytes);
      String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest."
          + "v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\","
          + "\"digest\":\"" + configDigest + "\",\"size\":" + configBytes.length + "},\"layers\":"
          + "[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\""
          + layerDigest + "\",\"size\":" + layer.length + "}]}";
      byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
      manifests.add("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
          + writeBlob(blobs, manifestBytes) + "\",\"size\":" + manifestBytes.length
          + ",\"platform\":{\"architecture\":\"" + arch + "\",\"os\":\"linux\"}}");
    }
    byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
        + "\"manifests\":[" + String.join(",", manifests) + "]}").getBytes(StandardCharsets.UTF_8);
    String indexDigest = writeBlob(blobs, index);
    Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{"
        + "\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"digest\":\"" + indexDigest
        + "\",\"size\":" + index.length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
        + tag + "\"}}]}");
    run("skopeo", "copy", "--all", "--preserve-digests", "--dest-tls-verify=false",
        "oci:" + layout + ":" + tag, "docker://" + repository + ":" + tag);
    return indexDigest;
  }

  private static String writeBlob(Path blobs, byte[] content) throws Exception {
    String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    Files.write(blobs.resolve(hex), content);
    return "sha256:" + hex;
  }

  /** A minimal ustar archive with one regular file. */
  private static byte[] tarWithOneFile(String name, String text) {
    byte[] data = text.getBytes(StandardCharsets.UTF_8);
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", data.length));
    put(header, 136, "00000000000");
    java.util.Arrays.fill(header, 148, 156, (byte) ' ');
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    int padded = (data.length + 511) / 512 * 512;
    byte[] tar = new byte[512 + padded + 1024];
    System.arraycopy(header, 0, tar, 0, 512);
    System.arraycopy(data, 0, tar, 512, data.length);
    return tar;
  }

  private static void put(byte[] target, int offset, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed:\n" + out);
    }
  }
}
