package org.c5c3.forge.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchLayoutTest {

  private static final Set<String> SERVICES = Set.of("keystone", "nova", "glance");

  @TempDir Path tmp;

  private GitFixture src;
  private Path patches;
  private String base;

  @BeforeEach
  void setUp() throws IOException {
    patches = tmp.resolve("forge/patches");
    src = GitFixture.init(tmp.resolve("src"));
    src.write("pkg/module.py", "VALUE = 1\n");
    base = src.commit("base");
  }

  /** Writes a real format-patch patch changing pkg/module.py to the given value into dir. */
  private void patchInto(Path dir, String value, String subject) throws IOException {
    src.resetHard(base);
    src.write("pkg/module.py", "VALUE = " + value + "\n");
    src.commit(subject);
    src.formatPatch(base + "..HEAD", dir);
    src.resetHard(base);
  }

  @Test
  void eachReleaseHasItsOwnSeries() throws IOException {
    patchInto(patches.resolve("keystone/2025.1"), "251", "Epoxy fix");
    patchInto(patches.resolve("keystone/2025.2"), "252", "Flamingo fix");
    PatchLayout layout = new PatchLayout(patches, SERVICES);

    PatchSeries epoxy = layout.servicePatches("keystone", "2025.1");
    PatchSeries flamingo = layout.servicePatches("keystone", "2025.2");

    assertEquals(List.of("0001-Epoxy-fix.patch"), epoxy.patches().stream().map(PatchFile::fileName).toList());
    assertEquals(List.of("0001-Flamingo-fix.patch"), flamingo.patches().stream().map(PatchFile::fileName).toList());
    assertEquals("patches/keystone/2025.1/0001-Epoxy-fix.patch", epoxy.patches().get(0).displayPath());

    new PatchApplier().apply(src.dir, epoxy);
    assertEquals("VALUE = 251\n", src.read("pkg/module.py"));
    src.resetHard(base);
    new PatchApplier().apply(src.dir, flamingo);
    assertEquals("VALUE = 252\n", src.read("pkg/module.py"));
  }

  @Test
  void missingOrEmptyDirectoriesMeanNoPatches() throws IOException {
    Files.createDirectories(patches.resolve("nova/2025.2"));
    PatchLayout layout = new PatchLayout(patches, SERVICES);

    assertEquals(0, layout.servicePatches("nova", "2025.2").size());
    assertTrue(layout.servicePatches("glance", "2025.2").isEmpty());
    assertTrue(new PatchLayout(tmp.resolve("no-such-dir"), SERVICES).libraryPatches("2025.2").isEmpty());
    assertEquals(List.of(), layout.allSeries());
  }

  @Test
  void libraryWithPropertiesAndPatches() throws IOException {
    patchInto(patches.resolve("oslo.messaging/2025.2"), "2", "Fix reconnect");
    Files.writeString(patches.resolve("oslo.messaging/library.properties"),
        "# where oslo.messaging comes from\n"
            + "url=https://opendev.org/openstack/oslo.messaging\n"
            + "ref.2025.2=17.1.0\n"
            + "ref.2025.1=16.1.0\n");
    // Another library with patches only for 2025.1 and no properties: irrelevant for 2025.2.
    patchInto(patches.resolve("python-novaclient/2025.1"), "3", "Old fix");
    patchInto(patches.resolve("keystone/2025.2"), "4", "Service fix");
    PatchLayout layout = new PatchLayout(patches, SERVICES);

    List<LibraryPatchSet> sets = layout.libraryPatches("2025.2");

    assertEquals(1, sets.size());
    LibraryPatchSet set = sets.get(0);
    assertEquals("oslo.messaging", set.library());
    assertEquals("https://opendev.org/openstack/oslo.messaging", set.url());
    assertEquals("17.1.0", set.ref());
    assertEquals(1, set.series().size());
    assertEquals("2025.2", set.series().release());
    assertEquals(List.of("keystone"), layout.services());
    assertEquals(List.of("oslo.messaging", "python-novaclient"), layout.libraries());
    assertTrue(layout.libraryPatches("2026.1").isEmpty());
  }

  @Test
  void libraryWithoutPropertiesIsAnErrorNamingTheDirectory() throws IOException {
    patchInto(patches.resolve("oslo.messaging/2025.2"), "2", "Fix reconnect");
    PatchLayout layout = new PatchLayout(patches, SERVICES);

    ForgeException e = assertThrows(ForgeException.class, () -> layout.libraryPatches("2025.2"));

    assertTrue(e.getMessage().startsWith("patches/oslo.messaging has patches for 2025.2 but no library.properties."
        + " Add patches/oslo.messaging/library.properties with url=<git url of the library> and"
        + " ref.2025.2=<tag|branch|40-hex sha>."), e.getMessage());
    assertThrows(ForgeException.class, layout::allSeries);
  }

  @Test
  void libraryWithoutRefForTheReleaseIsAnError() throws IOException {
    patchInto(patches.resolve("oslo.messaging/2025.2"), "2", "Fix reconnect");
    Files.writeString(patches.resolve("oslo.messaging/library.properties"),
        "url=https://opendev.org/openstack/oslo.messaging\nref.2025.1=16.1.0\n");
    PatchLayout layout = new PatchLayout(patches, SERVICES);

    ForgeException e = assertThrows(ForgeException.class, () -> layout.libraryPatches("2025.2"));

    assertTrue(e.getMessage().startsWith("patches/oslo.messaging/library.properties has no ref.2025.2,"
        + " but patches/oslo.messaging/2025.2 has patches. Add ref.2025.2=<tag|branch|40-hex sha>"), e.getMessage());
  }

  @Test
  void misspeltServiceIsReportedNotIgnored() throws IOException {
    patchInto(patches.resolve("keystnoe/2025.2"), "2", "Typo dir");
    PatchLayout layout = new PatchLayout(patches, SERVICES);

    ForgeException e = assertThrows(ForgeException.class, () -> layout.libraryPatches("2025.2"));

    assertTrue(e.getMessage().contains("If keystnoe is meant to be a service"), e.getMessage());
  }

  @Test
  void diffFilesAreRefusedAndOtherFilesIgnored() throws IOException {
    Path dir = Files.createDirectories(patches.resolve("keystone/2025.2"));
    Files.writeString(dir.resolve("README.md"), "notes\n");
    PatchLayout layout = new PatchLayout(patches, SERVICES);
    assertTrue(layout.servicePatches("keystone", "2025.2").isEmpty());

    Files.writeString(dir.resolve("0001-fix.diff"), "diff --git a/x b/x\n");
    ForgeException e = assertThrows(ForgeException.class, () -> layout.servicePatches("keystone", "2025.2"));
    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-fix.diff is not applied"), e.getMessage());
  }

  @Test
  void allSeriesListsServicesThenLibraries() throws IOException {
    patchInto(patches.resolve("oslo.messaging/2025.2"), "2", "Lib fix");
    Files.writeString(patches.resolve("oslo.messaging/library.properties"),
        "url=https://opendev.org/openstack/oslo.messaging\nref.2025.2=17.1.0\n");
    patchInto(patches.resolve("nova/2025.2"), "3", "Nova fix");
    patchInto(patches.resolve("keystone/2025.1"), "4", "Keystone fix");
    Files.createDirectories(patches.resolve("glance/2025.2"));

    List<String> all = new PatchLayout(patches, SERVICES).allSeries().stream()
        .map(s -> s.component() + "/" + s.release() + ":" + s.size()).toList();

    assertEquals(List.of("keystone/2025.1:1", "nova/2025.2:1", "oslo.messaging/2025.2:1"), all);
  }
}
