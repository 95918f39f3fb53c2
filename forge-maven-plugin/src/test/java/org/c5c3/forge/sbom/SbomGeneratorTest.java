package org.c5c3.forge.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.security.MessageDigest;
import org.c5c3.forge.ForgeException;
import org.cyclonedx.Version;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomGeneratorTest {
  static final String DIGEST = "sha256:" + "ab".repeat(32);
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String SERVICE_DIFF =
      "From 1111 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] Fix token expiry\n\nCloses-Bug: #2012345\n---\n"
          + "diff --git a/keystone/token.py b/keystone/token.py\n--- a/keystone/token.py\n+++ b/keystone/token.py\n"
          + "@@ -1 +1 @@\n-old\n+new\n";
  static final String LIBRARY_DIFF = "diff --git a/oslo_messaging/x.py b/oslo_messaging/x.py\n@@ -1 +1 @@\n-a\n+b\n";

  @TempDir Path tmp;
  List<Path> layers;

  @BeforeEach
  void writeImage() throws Exception {
    layers = FixtureImage.write(tmp);
  }

  static SbomContext.Builder context() {
    return SbomContext.builder()
        .image("ghcr.io/c5c3/keystone", DIGEST)
        .tags(List.of("28.0.0", "28.0.0-p2", "stable-2025.2", "0123456"))
        .forgeVersion("0.1.0")
        .service(new SbomService("keystone", "28.0.0", "https://opendev.org/openstack/keystone", COMMIT))
        .patches(
            List.of(
                new SbomPatch("keystone", "0001-Fix-token-expiry.patch", SERVICE_DIFF,
                    List.of(IssueRef.launchpadBug("#2012345"), IssueRef.cve("CVE-2025-12345"))),
                new SbomPatch("oslo_messaging", "0001-Fix-x.patch", LIBRARY_DIFF, List.of())))
        .overrides(
            List.of(
                new SbomOverride("oslo-config", "9.6.0", "9.7.0", "fixes bug 2099999"),
                new SbomOverride("python-ldap", "3.4.4", null, "not needed without the ldap extra")))
        .createdAt(Instant.parse("2025-10-01T12:34:56Z"));
  }

  private JsonNode json(byte[] bytes) throws Exception {
    return new ObjectMapper().readTree(bytes);
  }

  private static JsonNode component(JsonNode sbom, String bomRef) {
    for (JsonNode c : sbom.get("components")) {
      if (c.get("bom-ref").asText().equals(bomRef)) {
        return c;
      }
    }
    throw new AssertionError("no component " + bomRef + " in " + sbom.get("components"));
  }

  private static List<String> properties(JsonNode component, String name) {
    List<String> values = new ArrayList<>();
    if (component.has("properties")) {
      for (JsonNode p : component.get("properties")) {
        if (p.get("name").asText().equals(name)) {
          values.add(p.get("value").asText());
        }
      }
    }
    return values;
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void listsEveryInstalledPackageAndDistributionOfTheMergedImage() throws Exception {
    JsonNode sbom = json(SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build())));

    List<String> refs = new ArrayList<>();
    sbom.get("components").forEach(c -> refs.add(c.get("bom-ref").asText()));
    assertEquals(
        List.of(
            "pkg:deb/debian/dpkg@1.21.22?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12",
            "pkg:deb/debian/libfoo1@1%3A2.0-1%2Bb1?arch=amd64&distro=debian-12",
            "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all&distro=debian-12",
            "pkg:pypi/keystone@28.0.0",
            "pkg:pypi/oslo-config@9.7.0",
            "pkg:pypi/oslo-messaging@16.1.0",
            "pkg:pypi/pastedeploy@3.1.0",
            "pkg:pypi/pip@23.0.1",
            "pkg:pypi/pyyaml@6.0.2",
            "pkg:pypi/zope-interface@7.2"),
        refs,
        "sorted by bom-ref; stale_thing is hidden by the opaque site-packages, the deinstalled package is left out");
    for (JsonNode c : sbom.get("components")) {
      assertEquals(c.get("bom-ref").asText(), c.get("purl").asText());
    }
    assertEquals("library", component(sbom, "pkg:pypi/pip@23.0.1").get("type").asText());
    assertEquals("oslo.messaging", component(sbom, "pkg:pypi/oslo-messaging@16.1.0").get("name").asText());
  }

  @Test
  void recordsLicensesFromCopyrightFilesAndMetadata() throws Exception {
    JsonNode sbom = json(SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build())));

    JsonNode dpkg = component(sbom, "pkg:deb/debian/dpkg@1.21.22?arch=amd64&distro=debian-12").get("licenses");
    assertEquals("GPL-2.0-or-later", dpkg.get(0).get("license").get("id").asText());
    assertEquals("Artistic", dpkg.get(1).get("license").get("name").asText());
    assertEquals("public-domain", dpkg.get(2).get("license").get("name").asText());
    assertEquals(3, dpkg.size());
    // through the doc-dir symlink, Expat -> MIT
    assertEquals("MIT", component(sbom, "pkg:deb/debian/libfoo1@1%3A2.0-1%2Bb1?arch=amd64&distro=debian-12")
        .get("licenses").get(0).get("license").get("id").asText());
    assertFalse(component(sbom, "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all&distro=debian-12").has("licenses"),
        "a free-form copyright file gives no license");
    assertFalse(component(sbom, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12").has("licenses"),
        "the whiteout removed libc6's copyright");

    // License + classifier that mean the same collapse into one id
    JsonNode messaging = component(sbom, "pkg:pypi/oslo-messaging@16.1.0").get("licenses");
    assertEquals(1, messaging.size());
    assertEquals("Apache-2.0", messaging.get(0).get("license").get("id").asText());
    assertEquals("Apache-2.0 OR MIT",
        component(sbom, "pkg:pypi/oslo-config@9.7.0").get("licenses").get(0).get("expression").asText());
    assertEquals("Apache-2.0", component(sbom, "pkg:pypi/keystone@28.0.0").get("licenses").get(0).get("license").get("id").asText());
    assertFalse(component(sbom, "pkg:pypi/pastedeploy@3.1.0").has("licenses"), "a license text is not a license name");
    JsonNode zope = component(sbom, "pkg:pypi/zope-interface@7.2").get("licenses");
    assertEquals("ZPL-2.1", zope.get(0).get("license").get("id").asText(), "ids first, then names");
    assertEquals("ZPL 2.1", zope.get(1).get("license").get("name").asText());
  }

  @Test
  void hashesFingerprintTheInstalledFileLists() throws Exception {
    JsonNode sbom = json(SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build())));

    JsonNode dpkg = component(sbom, "pkg:deb/debian/dpkg@1.21.22?arch=amd64&distro=debian-12");
    assertEquals("SHA-256", dpkg.get("hashes").get(0).get("alg").asText());
    assertEquals(sha256(FixtureImage.DPKG_MD5SUMS), dpkg.get("hashes").get(0).get("content").asText());
    assertEquals(List.of("/var/lib/dpkg/info/dpkg.md5sums"), properties(dpkg, "forge:hash-source"));
    JsonNode libfoo = component(sbom, "pkg:deb/debian/libfoo1@1%3A2.0-1%2Bb1?arch=amd64&distro=debian-12");
    assertEquals(sha256(FixtureImage.LIBFOO_MD5SUMS), libfoo.get("hashes").get(0).get("content").asText(),
        "Multi-Arch name <pkg>:<arch>.md5sums");
    assertEquals(List.of("foo (1:2.0-1)"), properties(libfoo, "forge:dpkg-source"));
    assertFalse(component(sbom, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12").has("hashes"),
        "the whiteout removed libc6's md5sums");

    JsonNode pip = component(sbom, "pkg:pypi/pip@23.0.1");
    assertEquals(sha256(FixtureImage.PIP_RECORD), pip.get("hashes").get(0).get("content").asText());
    assertEquals(List.of("/var/lib/openstack/lib/python3.11/site-packages/pip-23.0.1.dist-info/RECORD"),
        properties(pip, "forge:hash-source"));
    assertFalse(component(sbom, "pkg:pypi/pyyaml@6.0.2").has("hashes"), "no RECORD, no hash");
  }

  @Test
  void serviceCarriesItsSourceCommitAndPatchesAsPedigree() throws Exception {
    JsonNode sbom = json(SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build())));

    JsonNode keystone = component(sbom, "pkg:pypi/keystone@28.0.0");
    assertEquals("application", keystone.get("type").asText());
    assertEquals("vcs", keystone.get("externalReferences").get(0).get("type").asText());
    assertEquals("https://opendev.org/openstack/keystone", keystone.get("externalReferences").get(0).get("url").asText());
    assertEquals(List.of(COMMIT), properties(keystone, "forge:vcs-commit"));
    assertEquals(List.of("28.0.0"), properties(keystone, "forge:upstream-version"));
    assertEquals(COMMIT, keystone.get("pedigree").get("commits").get(0).get("uid").asText());

    JsonNode patches = keystone.get("pedigree").get("patches");
    assertEquals(1, patches.size(), "the library patch is not the service's");
    JsonNode patch = patches.get(0);
    assertEquals("unofficial", patch.get("type").asText());
    assertEquals("text/x-diff", patch.get("diff").get("text").get("contentType").asText());
    assertEquals(SERVICE_DIFF, patch.get("diff").get("text").get("content").asText());
    JsonNode bug = patch.get("resolves").get(0);
    assertEquals("defect", bug.get("type").asText());
    assertEquals("2012345", bug.get("id").asText());
    assertEquals("Launchpad", bug.get("source").get("name").asText());
    assertEquals("https://bugs.launchpad.net/bugs/2012345", bug.get("references").get(0).asText());
    JsonNode cve = patch.get("resolves").get(1);
    assertEquals("security", cve.get("type").asText());
    assertEquals("CVE-2025-12345", cve.get("id").asText());
    assertEquals("NVD", cve.get("source").get("name").asText());
    assertTrue(keystone.get("pedigree").get("notes").asText().contains("0001-Fix-token-expiry.patch"));

    JsonNode messaging = component(sbom, "pkg:pypi/oslo-messaging@16.1.0");
    assertEquals("library", messaging.get("type").asText());
    assertEquals(LIBRARY_DIFF, messaging.get("pedigree").get("patches").get(0).get("diff").get("text").get("content").asText());
    assertFalse(messaging.get("pedigree").get("patches").get(0).has("resolves"));
  }

  @Test
  void overridesBecomePropertiesOfTheComponentOrOfTheImage() throws Exception {
    JsonNode sbom = json(SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build())));

    assertEquals(List.of("from 9.6.0 to 9.7.0: fixes bug 2099999"),
        properties(component(sbom, "pkg:pypi/oslo-config@9.7.0"), "forge:constraint-override"));
    JsonNode image = sbom.get("metadata").get("component");
    assertEquals(List.of("python-ldap: from 3.4.4 to (no pin): not needed without the ldap extra"),
        properties(image, "forge:constraint-override"));
  }

  @Test
  void metadataNamesTheImageTheToolAndTheSourceDate() throws Exception {
    byte[] bytes = SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build()));
    JsonNode sbom = json(bytes);

    assertEquals("CycloneDX", sbom.get("bomFormat").asText());
    assertEquals("1.6", sbom.get("specVersion").asText());
    assertEquals(1, sbom.get("version").asInt());
    JsonNode metadata = sbom.get("metadata");
    assertEquals("2025-10-01T12:34:56Z", metadata.get("timestamp").asText());
    JsonNode tool = metadata.get("tools").get("components").get(0);
    assertEquals("forge", tool.get("name").asText());
    assertEquals("0.1.0", tool.get("version").asText());
    JsonNode image = metadata.get("component");
    assertEquals("container", image.get("type").asText());
    assertEquals("ghcr.io/c5c3/keystone", image.get("name").asText());
    assertEquals(DIGEST, image.get("version").asText());
    assertEquals("pkg:oci/keystone@sha256%3A" + "ab".repeat(32) + "?repository_url=ghcr.io%2Fc5c3%2Fkeystone",
        image.get("purl").asText());
    assertEquals(List.of("28.0.0", "28.0.0-p2", "stable-2025.2", "0123456"), properties(image, "forge:tag"));
    assertTrue(sbom.get("serialNumber").asText().matches("urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"));

    assertEquals(List.of(), new JsonParser().validate(bytes, Version.VERSION_16), "valid CycloneDX 1.6");
    assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("\r"));
  }

  @Test
  void sameImageAndContextGiveIdenticalBytes() throws Exception {
    byte[] first = SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build()));
    // fresh blobs written again, fresh filesystem: nothing may leak from object identity or time
    List<Path> again = FixtureImage.write(java.nio.file.Files.createDirectories(tmp.resolve("again")));
    java.util.TimeZone zone = java.util.TimeZone.getDefault();
    java.util.Locale locale = java.util.Locale.getDefault();
    byte[] second;
    try {
      // another machine: another time zone, a locale where "I".toLowerCase() is not "i"
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
      second = SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(again), context().build()));
    } finally {
      java.util.TimeZone.setDefault(zone);
      java.util.Locale.setDefault(locale);
    }
    assertArrayEquals(first, second);

    byte[] otherDigest = SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers),
        context().image("ghcr.io/c5c3/keystone", "sha256:" + "cd".repeat(32)).build()));
    assertNotEquals(json(first).get("serialNumber"), json(otherDigest).get("serialNumber"));
    byte[] otherPatch = SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers),
        context().patches(List.of(new SbomPatch("keystone", "0002-more.patch", "diff\n", List.of()))).build()));
    assertNotEquals(json(first).get("serialNumber"), json(otherPatch).get("serialNumber"),
        "the serial number covers the inputs, not only the digest");
  }

  @Test
  void parsedBackTheSbomMatchesWhatItWasBuiltFrom() throws Exception {
    byte[] bytes = SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(layers), context().build()));
    Bom parsed = new JsonParser().parse(bytes);
    SbomComparison comparison = SbomComparison.compare(parsed,
        List.of("keystone==28.0.0", "oslo.config==9.7.0", "oslo.messaging==16.1.0", "PasteDeploy==3.1.0",
            "pip==23.0.1", "PyYAML==6.0.2", "zope.interface==7.2"),
        SbomComparison.parseDpkgList("dpkg\t1.21.22\nlibc6:amd64\t2.36-9+deb12u10\nlibfoo1\t1:2.0-1+b1\ntzdata\t2025b-0+deb12u1\n"));
    assertTrue(comparison.matches(), comparison.describe());
  }

  @Test
  void patchForALibraryThatIsNotInstalledFails() throws Exception {
    SbomContext ctx = context()
        .patches(List.of(new SbomPatch("python-novaclient", "0001-x.patch", "diff\n", List.of())))
        .build();
    ForgeException e = assertThrows(ForgeException.class,
        () -> SbomGenerator.generate(LayeredFilesystem.of(layers), ctx));
    assertTrue(e.getMessage().contains("0001-x.patch") && e.getMessage().contains("python-novaclient"), e.getMessage());
  }

  @Test
  void serviceThatIsNotInstalledFails() throws Exception {
    SbomContext ctx = context()
        .service(new SbomService("nova", "32.1.0", "https://opendev.org/openstack/nova", COMMIT))
        .patches(List.of())
        .build();
    ForgeException e = assertThrows(ForgeException.class,
        () -> SbomGenerator.generate(LayeredFilesystem.of(layers), ctx));
    assertTrue(e.getMessage().contains("nova"), e.getMessage());
  }

  @Test
  void baseImageWithoutServiceOrVenv() throws Exception {
    Path base = FixtureImage.write(java.nio.file.Files.createDirectories(tmp.resolve("b"))).get(0);
    SbomContext ctx = SbomContext.builder()
        .image("ghcr.io/c5c3/python-base", DIGEST)
        .forgeVersion("0.1.0")
        .createdAt(Instant.EPOCH)
        .build();
    JsonNode sbom = json(SbomWriter.write(SbomGenerator.generate(LayeredFilesystem.of(List.of(base)), ctx)));
    assertEquals(4, sbom.get("components").size());
    assertNull(sbom.get("metadata").get("component").get("properties"));
  }

  @Test
  void invalidDocumentIsRefusedWithTheSchemaErrors() {
    Bom bom = new Bom();
    Component c = new Component();
    c.setType(Component.Type.LIBRARY);
    c.setName("x");
    c.setBomRef("x");
    License license = new License();
    license.setId("Not-An-SPDX-Id");
    LicenseChoice choice = new LicenseChoice();
    choice.setLicenses(List.of(license));
    c.setLicenses(choice);
    bom.setComponents(List.of(c));
    ForgeException e = assertThrows(ForgeException.class, () -> SbomWriter.write(bom));
    assertTrue(e.getMessage().contains("not valid CycloneDX 1.6"), e.getMessage());
    assertTrue(e.getMessage().contains("/components/0/licenses/0/license/id"), e.getMessage());
  }

  @Test
  void everySpdxIdTheMappingCanProduceIsInTheSchema() throws Exception {
    // one component per mapped name: an id the 1.6 schema does not know fails validation
    List<String> names = List.of("GPL-2", "GPL-2+", "GPL-3+", "LGPL-2.1", "LGPL-2.1+", "LGPL-3+", "AGPL-3+",
        "GFDL-1.3+", "BSD-2-clause", "BSD-3-clause", "Expat", "Apache-2", "MPL-2", "CC0", "PSF-2", "Python",
        "zlib", "Apache Software License", "MIT License", "ISC License (ISCL)", "new BSD",
        "OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)", "OSI Approved :: Zope Public License",
        "GPL-2.0+", "LGPL-2.0+", "GPL-3.0", "0BSD", "curl", "FSFULLR", "HPND", "MIT-CMU", "OpenSSL", "Unicode-DFS-2016", "X11", "ZPL-2.1");
    Bom bom = new Bom();
    List<Component> components = new ArrayList<>();
    for (String name : names) {
      Component c = new Component();
      c.setType(Component.Type.LIBRARY);
      c.setName(name);
      c.setBomRef("ref-" + components.size());
      License license = new License();
      license.setId(SpdxLicenses.idFor(name).orElseThrow(() -> new AssertionError("unmapped " + name)));
      LicenseChoice choice = new LicenseChoice();
      choice.setLicenses(List.of(license));
      c.setLicenses(choice);
      components.add(c);
    }
    bom.setComponents(components);
    SbomWriter.write(bom);
  }

  /** This machine's root filesystem: hundreds of real copyright files and a real dpkg database. */
  @Test
  void thisMachinesRootIsAValidSbom() {
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(Path.of("/var/lib/dpkg/status")));
    SbomContext ctx = SbomContext.builder().image("localhost/host", DIGEST).forgeVersion("test")
        .createdAt(Instant.EPOCH).venv("/nonexistent").build();
    Bom bom = SbomGenerator.generate(LayeredFilesystem.ofDirectory(Path.of("/")), ctx);
    SbomWriter.write(bom);
    assertTrue(bom.getComponents().size() > 10);
    assertTrue(bom.getComponents().stream().anyMatch(c -> c.getName().equals("dpkg")
        && c.getPurl().startsWith("pkg:deb/") && c.getLicenses() != null));
  }

  @Test
  void digestMustBeAManifestDigest() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> context().image("ghcr.io/c5c3/keystone", "latest").build());
    assertTrue(e.getMessage().contains("latest"), e.getMessage());
  }
}
