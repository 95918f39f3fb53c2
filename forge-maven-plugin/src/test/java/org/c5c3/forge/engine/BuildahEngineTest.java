package org.c5c3.forge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** buildah for real, as root with chroot isolation, on the test base image (forge.test.baseImage). */
class BuildahEngineTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TINY = "localhost/forge-test/engine-tiny:" + UUID.randomUUID().toString().substring(0, 8);

  private static BuildahEngine buildah;
  private static String base;

  /** A one-step image with a build arg baked into a file and a label. */
  @BeforeAll
  static void buildTinyImage(@TempDir Path context) throws Exception {
    base = TestEnvironment.baseImage();
    buildah = TestEnvironment.buildah();
    Path containerfile = context.resolve("Containerfile");
    Files.writeString(containerfile, """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        ARG GREETING=unset
        COPY payload.txt /payload.txt
        RUN echo "$GREETING" > /greeting
        """);
    Files.writeString(context.resolve("payload.txt"), "from the context\n");
    buildah.build(new ImageBuildSpec(containerfile, context, TINY,
        Map.of("BASE_IMAGE", base, "GREETING", "hello from a build arg"),
        Map.of("org.opencontainers.image.title", "engine-tiny"), null));
  }

  @AfterAll
  static void removeTinyImage() {
    if (buildah != null) {
      buildah.removeImage(TINY);
    }
  }

  @Test
  void buildUsesTheContextTheBuildArgsAndTheLabels() throws Exception {
    assertEquals("hello from a build arg\n", buildah.output(TINY, null, "cat /greeting"));
    assertEquals("from the context\n", buildah.output(TINY, null, "cat /payload.txt"));
    JsonNode labels = JSON.readTree(TestEnvironment.run("buildah", "inspect", "--type", "image", TINY))
        .path("OCIv1").path("config").path("Labels");
    assertEquals("engine-tiny", labels.path("org.opencontainers.image.title").asText(), labels.toString());
  }

  @Test
  void aFailingBuildNamesTheImageAndShowsTheError(@TempDir Path context) throws Exception {
    Path containerfile = context.resolve("Containerfile");
    Files.writeString(containerfile, "FROM " + base + "\nRUN echo 'no such package: frobnicate' >&2; exit 3\n");
    String tag = "localhost/forge-test/engine-broken:" + UUID.randomUUID().toString().substring(0, 8);
    ForgeException e = assertThrows(ForgeException.class, () -> buildah.build(
        new ImageBuildSpec(containerfile, context, tag, Map.of(), Map.of(), null)));
    assertTrue(e.getMessage().startsWith("building " + tag + " from " + containerfile + " failed (exit "),
        e.getMessage());
    assertTrue(e.getMessage().contains("exit status 3"), e.getMessage());
  }

  @Test
  void outputReturnsTheCommandsStdoutOnly() {
    assertEquals("out\n", buildah.output(base, null, "echo out; echo err >&2"));
  }

  @Test
  void theStageSeesItsMountsAndEnvironmentAndItsExportKeepsSymlinks(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("data.txt"), "input\n");
    Path out = tmp.resolve("out/venv");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.txt"), "from an earlier run");

    buildah.runStage(new StageSpec(base, null, List.of(new StageSpec.Mount(in, "/in", true)),
        Map.of("FORGE_VALUE", "from the environment"), """
        mkdir -p /export/sub
        cp /in/data.txt /export/sub/data.txt
        chmod 755 /export/sub/data.txt
        ln -s sub/data.txt /export/link
        echo "$FORGE_VALUE" > /export/env.txt
        """, "/export", out));

    assertEquals("input\n", Files.readString(out.resolve("sub/data.txt")));
    assertTrue(Files.isExecutable(out.resolve("sub/data.txt")));
    assertTrue(Files.isSymbolicLink(out.resolve("link")));
    assertEquals(Path.of("sub/data.txt"), Files.readSymbolicLink(out.resolve("link")));
    assertEquals("from the environment\n", Files.readString(out.resolve("env.txt")));
    assertFalse(Files.exists(out.resolve("stale.txt")), "the export replaces what was there");
  }

  @Test
  void writingToAReadOnlyMountFailsTheStageWithTheCommandsError(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    ForgeException e = assertThrows(ForgeException.class, () -> buildah.runStage(new StageSpec(base, null,
        List.of(new StageSpec.Mount(in, "/in", true)), Map.of(), "mkdir -p /export && touch /in/written",
        "/export", tmp.resolve("out"))));
    assertTrue(e.getMessage().startsWith("the build stage in " + base + " failed (exit "), e.getMessage());
    assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
    assertFalse(Files.exists(in.resolve("written")));
    assertFalse(Files.exists(tmp.resolve("out")), "nothing is exported from a failed stage");
  }

  @Test
  void pushReturnsTheDigestTheRegistryServes() {
    String destination = TestEnvironment.freshRepository("engine") + ":1.0";
    String digest = buildah.push(TINY, destination, RegistryAccess.anonymous(true));
    assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
    assertEquals(digest, TestEnvironment.run("skopeo", "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
        "docker://" + destination).strip());
    assertTrue(TestEnvironment.run("skopeo", "inspect", "--tls-verify=false", "--raw", "docker://" + destination)
        .contains("application/vnd.oci.image.manifest.v1+json"), "pushed as an OCI manifest");
  }

  @Test
  void exportDockerArchiveWritesAnArchiveSkopeoReads(@TempDir Path tmp) throws Exception {
    Path tar = tmp.resolve("tiny.docker.tar");
    Files.writeString(tar, "an old archive");
    buildah.exportDockerArchive(TINY, tar);
    JsonNode config = JSON.readTree(TestEnvironment.run("skopeo", "inspect", "--config", "docker-archive:" + tar));
    assertEquals("engine-tiny", config.path("config").path("Labels").path("org.opencontainers.image.title").asText(),
        config.toString());
    JsonNode inspect = JSON.readTree(TestEnvironment.run("skopeo", "inspect", "docker-archive:" + tar));
    assertTrue(inspect.path("Layers").size() >= 2, inspect.toString());
  }

  @Test
  void removeImageRemovesTheTagAndToleratesAbsence() throws Exception {
    String copy = "localhost/forge-test/engine-copy:" + UUID.randomUUID().toString().substring(0, 8);
    TestEnvironment.run("buildah", "tag", TINY, copy);
    buildah.removeImage(copy);
    assertFalse(TestEnvironment.attempt("buildah", "inspect", "--type", "image", copy).succeeded());
    buildah.removeImage(copy);
    assertTrue(TestEnvironment.attempt("buildah", "inspect", "--type", "image", TINY).succeeded());
  }
}
