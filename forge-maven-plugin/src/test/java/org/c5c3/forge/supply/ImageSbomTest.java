package org.c5c3.forge.supply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.report.BuildReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSbomTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String PATCH_PATH = "patches/fixture/2025.2/0001-Fix-token-expiry.patch";
  static final String PATCH =
      """
      From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
      From: Dev <dev@example.org>
      Date: Mon, 1 Sep 2025 12:00:00 +0000
      Subject: [PATCH] Fix token expiry

      Closes-Bug: #2012345
      Fixes CVE-2025-12345.
      ---
       fixture/__init__.py | 1 +
       1 file changed, 1 insertion(+)

      diff --git a/fixture/__init__.py b/fixture/__init__.py
      --- a/fixture/__init__.py
      +++ b/fixture/__init__.py
      @@ -0,0 +1 @@
      +FIXED = True
      """;

  @TempDir Path tmp;

  static SmallImage image() throws Exception {
    return SmallImage.of(Map.of("libxml2", "2.9.14+dfsg-1.3", "tzdata", "2025b-0+deb12u1"),
        List.of(new SmallImage.Dist("forge-fixture", "1.0.0"), new SmallImage.Dist("fixture-dep", "1.0")));
  }

  static BuildReport report(SmallImage image, String image_name) {
    BuildReport report = new BuildReport();
    report.kind = "service";
    report.service = "fixture";
    report.distribution = "forge-fixture";
    report.version = "1.0.0";
    report.image = image_name;
    report.digest = image.digest();
    report.tags = new ArrayList<>(List.of("1.0.0", "1.0.0-p1"));
    report.source = new BuildReport.Source();
    report.source.url = "https://opendev.org/openstack/forge-fixture";
    report.source.ref = "1.0.0";
    report.source.commit = COMMIT;
    report.source.commitTime = "2025-09-01T12:00:00Z";
    report.overrides.add(new BuildReport.Override("fixture-dep", "0.9", "1.0", "fixes bug 2099999", "constraints/2025.2/overrides.txt"));
    return report;
  }

  Path writePatch() throws Exception {
    Path file = tmp.resolve("repo").resolve(PATCH_PATH);
    Files.createDirectories(file.getParent());
    Files.writeString(file, PATCH);
    return file;
  }

  @Test
  void writesTheSbomOfTheArchiveWithServicePatchesAndOverrides() throws Exception {
    SmallImage image = image();
    Path archive = image.writeArchive(tmp.resolve("image.tar"));
    writePatch();
    BuildReport report = report(image, "127.0.0.1:5555/it/fixture");
    report.patches.add(new BuildReport.Patch("forge-fixture", PATCH_PATH, "Fix token expiry",
        SmallImage.sha256(PATCH.getBytes(StandardCharsets.UTF_8)).substring(7), List.of()));

    ImageSbom.Result result = ImageSbom.write(archive, report, tmp.resolve("repo"), "0.1.0", tmp.resolve("forge"));

    assertEquals(tmp.resolve("forge/sbom.cdx.json"), result.file());
    assertEquals(result.file().toString(), report.sbom);
    assertTrue(Files.notExists(tmp.resolve("forge/sbom-layers")), "extracted layers are removed");
    JsonNode sbom = new ObjectMapper().readTree(result.file().toFile());
    assertEquals(image.digest(), sbom.path("metadata").path("component").path("version").asText());
    assertEquals("2025-09-01T12:00:00Z", sbom.path("metadata").path("timestamp").asText());
    List<String> purls = new ArrayList<>();
    sbom.path("components").forEach(c -> purls.add(c.path("purl").asText()));
    assertEquals(List.of(
        "pkg:deb/debian/libxml2@2.9.14%2Bdfsg-1.3?arch=amd64&distro=debian-12",
        "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=amd64&distro=debian-12",
        "pkg:pypi/fixture-dep@1.0",
        "pkg:pypi/forge-fixture@1.0.0"), purls);
    JsonNode service = sbom.path("components").get(3);
    assertEquals("application", service.path("type").asText());
    assertEquals(COMMIT, service.path("pedigree").path("commits").get(0).path("uid").asText());
    JsonNode patch = service.path("pedigree").path("patches").get(0);
    assertEquals(PATCH, patch.path("diff").path("text").path("content").asText());
    List<String> resolved = new ArrayList<>();
    patch.path("resolves").forEach(r -> resolved.add(r.path("id").asText()));
    assertEquals(List.of("2012345", "CVE-2025-12345"), resolved);
    assertTrue(sbom.path("components").get(2).toString().contains("from 0.9 to 1.0: fixes bug 2099999"));

    // the same inputs give the same bytes; an absolute patch path works too
    report.patches.set(0, new BuildReport.Patch("forge-fixture", tmp.resolve("repo").resolve(PATCH_PATH).toString(),
        "Fix token expiry", null, List.of()));
    ImageSbom.Result again = ImageSbom.write(archive, report, tmp.resolve("elsewhere"), "0.1.0", tmp.resolve("forge2"));
    assertArrayEquals(result.json(), again.json());
  }

  @Test
  void aMissingOrChangedPatchFailsNamingIt() throws Exception {
    SmallImage image = image();
    Path archive = image.writeArchive(tmp.resolve("image.tar"));
    BuildReport report = report(image, "127.0.0.1:5555/it/fixture");
    report.patches.add(new BuildReport.Patch("forge-fixture", PATCH_PATH, "Fix", "00".repeat(32), List.of()));

    ForgeException missing = assertThrows(ForgeException.class,
        () -> ImageSbom.write(archive, report, tmp.resolve("repo"), "0.1.0", tmp.resolve("forge")));
    assertTrue(missing.getMessage().contains(PATCH_PATH) && missing.getMessage().contains("does not exist"), missing.getMessage());

    writePatch();
    ForgeException changed = assertThrows(ForgeException.class,
        () -> ImageSbom.write(archive, report, tmp.resolve("repo"), "0.1.0", tmp.resolve("forge")));
    assertTrue(changed.getMessage().contains("changed after it was applied"), changed.getMessage());
  }

  @Test
  void anArchiveFromAnotherBuildIsRefused() throws Exception {
    SmallImage image = image();
    Path archive = image.writeArchive(tmp.resolve("image.tar"));
    BuildReport report = report(image, "127.0.0.1:5555/it/fixture");
    report.digest = "sha256:" + "ab".repeat(32);

    ForgeException e = assertThrows(ForgeException.class,
        () -> ImageSbom.write(archive, report, tmp, "0.1.0", tmp.resolve("forge")));
    assertTrue(e.getMessage().contains("different builds"), e.getMessage());
  }
}
