package org.c5c3.forge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib on top of the test base image, exported by buildah as the docker-archive forge uses, to OCI
 * archives and to real registries.
 */
class ImageAssemblerTest {

  private static final Instant CREATED = Instant.parse("2025-10-01T12:00:00Z");
  private static final ImageConfig CONFIG = new ImageConfig("42424:42424",
      Map.of("PATH", "/var/lib/openstack/bin:/usr/bin:/bin", "GREETING", "hello"),
      Map.of("org.opencontainers.image.title", "tiny", "org.openstack.release", "2025.2"), CREATED);

  @TempDir static Path shared;
  private static BaseImageSource base;
  private static int baseLayers;
  private static List<FileEntriesLayer> layers;
  private static ImageAssembler assembler;

  @BeforeAll
  static void exportBaseAndWriteTheLayer() throws Exception {
    String image = TestEnvironment.baseImage();
    Path tar = shared.resolve("base.docker.tar");
    TestEnvironment.buildah().exportDockerArchive(image, tar);
    base = BaseImageSource.tarball(image, tar);
    baseLayers = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(TestEnvironment.run("skopeo", "inspect", "docker-archive:" + tar)).path("Layers").size();

    Path script = shared.resolve("hello.sh");
    Files.writeString(script, "#!/bin/sh\necho hello\n");
    layers = List.of(FileEntriesLayer.builder().setName("app")
        .addEntry(new FileEntry(script, AbsoluteUnixPath.get("/opt/forge/hello.sh"),
            FilePermissions.fromOctalString("755"), FileEntriesLayer.DEFAULT_MODIFICATION_TIME, "0:0"))
        .build());
    assembler = new ImageAssembler(shared.resolve("base-cache"), shared.resolve("scratch"), true, List.of(),
        line -> {});
  }

  @Test
  void theArchiveHoldsTheImageWhoseDigestIsReturned(@TempDir Path tmp) throws Exception {
    Path tarball = tmp.resolve("image.tar");
    String digest = assembler.toArchive(base, layers, CONFIG, "registry.example.org/forge/tiny:1.0", tarball);

    OciArchive archive = OciArchive.read(tarball);
    assertEquals(digest, archive.manifestDigest());
    List<OciArchive.Descriptor> imageLayers = archive.layers();
    assertEquals(baseLayers + 1, imageLayers.size());
    imageLayers.forEach(l -> assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", l.mediaType()));
    assertEquals("application/vnd.oci.image.config.v1+json", archive.config().mediaType());

    JsonNode config = archive.configJson();
    assertEquals("42424:42424", config.path("config").path("User").asText());
    List<String> env = new ArrayList<>();
    config.path("config").path("Env").forEach(n -> env.add(n.asText()));
    assertTrue(env.contains("GREETING=hello"), env.toString());
    assertTrue(env.contains("PATH=/var/lib/openstack/bin:/usr/bin:/bin"), env.toString());
    assertEquals("tiny", config.path("config").path("Labels").path("org.opencontainers.image.title").asText());
    assertEquals("2025.2", config.path("config").path("Labels").path("org.openstack.release").asText());
    assertEquals(CREATED, Instant.parse(config.path("created").asText()));
    assertEquals("amd64", config.path("architecture").asText());

    List<Path> blobs = archive.extractLayers(tmp.resolve("layers"));
    TarArchiveEntry hello = entry(blobs.get(blobs.size() - 1), "opt/forge/hello.sh");
    assertNotNull(hello, "the top layer holds the script");
    assertEquals(0755, hello.getMode() & 07777);
    assertEquals(0, hello.getLongUserId());
    assertEquals(0, hello.getLongGroupId());
  }

  @Test
  void twoBuildsOfTheSameInputsHaveOneDigest(@TempDir Path tmp) {
    String first = assembler.toArchive(base, layers, CONFIG, "registry.example.org/forge/tiny:1.0",
        tmp.resolve("first.tar"));
    String second = assembler.toArchive(base, layers, CONFIG, "registry.example.org/forge/tiny:1.0",
        tmp.resolve("second.tar"));
    assertEquals(first, second);
    String relabelled = assembler.toArchive(base, layers, new ImageConfig(CONFIG.user(), CONFIG.environment(),
        Map.of("org.opencontainers.image.title", "other"), CREATED), "registry.example.org/forge/tiny:1.0",
        tmp.resolve("third.tar"));
    assertTrue(!relabelled.equals(first), "a different label is a different image");
  }

  @Test
  void thePushedImageHasTheArchivesDigestUnderEveryTag(@TempDir Path tmp) {
    String repository = TestEnvironment.freshRepository("assembler");
    String archived = assembler.toArchive(base, layers, CONFIG, repository + ":1.0", tmp.resolve("image.tar"));
    String pushed = assembler.toRegistry(base, layers, CONFIG, repository + ":1.0", List.of("latest"));
    assertEquals(archived, pushed);
    for (String tag : List.of("1.0", "latest")) {
      assertEquals(pushed, TestEnvironment.run("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
          "docker://" + repository + ":" + tag).strip(), tag);
    }
  }

  @Test
  void aRegistryThatRefusesWritesFailsThePushAndGetsNoTag(@TempDir Path tmp) throws Exception {
    TestEnvironment.baseImage();
    int port = TestEnvironment.freePort();
    Path config = tmp.resolve("config.yml");
    Files.writeString(config, """
        version: 0.1
        log:
          level: warn
        storage:
          filesystem:
            rootdirectory: %s
          maintenance:
            readonly:
              enabled: true
        http:
          addr: 127.0.0.1:%d
        """.formatted(tmp.resolve("data"), port));
    Process registry = new ProcessBuilder("docker-registry", "serve", config.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("registry.log").toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      awaitRegistry(http, port);
      String ref = "127.0.0.1:" + port + "/forge/tiny:1.0";
      ForgeException e = assertThrows(ForgeException.class,
          () -> assembler.toRegistry(base, layers, CONFIG, ref, List.of()));
      assertTrue(e.getMessage().startsWith("assembling " + ref + " on tar://"), e.getMessage());
      // distribution answers writes in read-only mode with 405; Jib's error says so.
      assertTrue(e.getMessage().contains("405"), e.getMessage());

      HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/v2/forge/tiny/manifests/1.0"))
          .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, manifest.statusCode(), manifest.body());
    } finally {
      registry.destroy();
      registry.waitFor();
    }
  }

  @Test
  void anInvalidReferenceIsNamed(@TempDir Path tmp) {
    ForgeException e = assertThrows(ForgeException.class,
        () -> assembler.toArchive(base, layers, CONFIG, "Not A Reference", tmp.resolve("x.tar")));
    assertTrue(e.getMessage().startsWith("invalid image reference 'Not A Reference'"), e.getMessage());
  }

  private static void awaitRegistry(HttpClient http, int port) throws InterruptedException {
    HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build();
    for (int i = 0; i < 100; i++) {
      try {
        if (http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the read-only registry did not start on port " + port);
  }

  private static TarArchiveEntry entry(Path gzippedLayer, String name) throws IOException {
    try (InputStream in = Files.newInputStream(gzippedLayer);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.getName().replaceFirst("^\\./", "").replaceFirst("^/", "").equals(name)) {
          return e;
        }
      }
      return null;
    }
  }
}
