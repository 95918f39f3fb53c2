package org.c5c3.forge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code python3 -m venv --without-pip} made on this host stands in for both python-base's
 * skeleton (its listing, with paths as in the image) and the build stage's output (the same
 * directory after an "install").
 */
class VenvLayerBuilderTest {

  private static final String VENV = "/var/lib/openstack";

  @TempDir Path tmp;
  private Path venv;
  private VenvSkeleton skeleton;

  @BeforeEach
  void skeletonAndInstall() throws Exception {
    venv = tmp.resolve("venv");
    TestEnvironment.run("python3", "-m", "venv", "--without-pip", venv.toString());
    String listing = TestEnvironment.run("sh", "-c", VenvSkeleton.listCommand(venv.toString()));
    skeleton = VenvSkeleton.parse(listing.replace(venv.toString(), VENV));
    // What an installer adds: a console script, a package, a data file.
    Path site = sitePackages();
    Files.writeString(venv.resolve("bin/demo"), "#!/var/lib/openstack/bin/python\nprint('demo')\n");
    chmod("755", venv.resolve("bin/demo"));
    Files.createDirectories(site.resolve("demo"));
    Files.writeString(site.resolve("demo/__init__.py"), "");
    chmod("644", site.resolve("demo/__init__.py"));
    Files.writeString(site.resolve("demo/secret.conf"), "only root reads this\n");
    chmod("600", site.resolve("demo/secret.conf"));
  }

  @Test
  void theLayerHasFilesAndDirectoriesOnlyOwnedByRootWithTheirOwnModes() throws Exception {
    List<FileEntriesLayer> layers = new VenvLayerBuilder(VENV, skeleton).build(venv, VenvLayerPlan.single());
    assertEquals(1, layers.size());
    assertEquals("venv", layers.get(0).getName());
    Map<String, FileEntry> entries = layers.get(0).getEntries().stream()
        .collect(Collectors.toMap(e -> e.getExtractionPath().toString(), Function.identity()));

    for (FileEntry e : entries.values()) {
      assertFalse(Files.isSymbolicLink(e.getSourceFile()), "a symlink in the layer: " + e.getSourceFile());
      assertEquals("0:0", e.getOwnership(), e.getExtractionPath().toString());
      assertEquals(FileEntriesLayer.DEFAULT_MODIFICATION_TIME, e.getModificationTime());
    }
    // The links stay python-base's; the venv directory itself too.
    assertFalse(entries.containsKey(VENV + "/bin/python3"));
    assertFalse(entries.containsKey(VENV + "/bin/python"));
    assertFalse(entries.containsKey(VENV + "/lib64"));
    assertFalse(entries.containsKey(VENV));

    String site = VENV + "/" + venv.relativize(sitePackages());
    assertEquals("755", entries.get(VENV + "/bin/demo").getPermissions().toOctalString());
    assertEquals("644", entries.get(site + "/demo/__init__.py").getPermissions().toOctalString());
    assertEquals("600", entries.get(site + "/demo/secret.conf").getPermissions().toOctalString());
    assertEquals("755", entries.get(site + "/demo").getPermissions().toOctalString());
    // Identical to python-base's file (same mode, same bytes): not shipped again.
    assertFalse(entries.containsKey(VENV + "/pyvenv.cfg"));
    assertEquals(venv.resolve("bin/demo"), entries.get(VENV + "/bin/demo").getSourceFile());
  }

  @Test
  void aPlanSendsEachPathToItsLayer() {
    VenvLayerPlan byBin = new VenvLayerPlan() {
      @Override
      public List<String> layerNames() {
        return List.of("libraries", "scripts");
      }

      @Override
      public int layerOf(String relativePath, boolean directory) {
        return relativePath.startsWith("bin/") ? 1 : 0;
      }
    };
    List<FileEntriesLayer> layers = new VenvLayerBuilder(VENV, skeleton).build(venv, byBin);
    assertEquals(List.of("libraries", "scripts"), layers.stream().map(FileEntriesLayer::getName).toList());
    assertTrue(layers.get(1).getEntries().stream()
        .allMatch(e -> e.getExtractionPath().toString().startsWith(VENV + "/bin/")));
    assertTrue(layers.get(1).getEntries().stream()
        .anyMatch(e -> e.getExtractionPath().toString().equals(VENV + "/bin/demo")));
    assertTrue(layers.get(0).getEntries().stream()
        .noneMatch(e -> e.getExtractionPath().toString().startsWith(VENV + "/bin/")));
  }

  @Test
  void aSymlinkThatPythonBaseLacksIsNamed() throws Exception {
    Files.createSymbolicLink(venv.resolve("bin/demo-link"), Path.of("/usr/bin/env"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> new VenvLayerBuilder(VENV, skeleton).build(venv, VenvLayerPlan.single()));
    assertTrue(e.getMessage().contains("symlink " + VENV + "/bin/demo-link -> /usr/bin/env that python-base does not"
        + " have"), e.getMessage());
  }

  @Test
  void aSymlinkThatPointsElsewhereThanPythonBasesIsNamed() throws Exception {
    Files.delete(venv.resolve("bin/python"));
    Files.createSymbolicLink(venv.resolve("bin/python"), Path.of("/usr/bin/python3"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> new VenvLayerBuilder(VENV, skeleton).build(venv, VenvLayerPlan.single()));
    assertTrue(e.getMessage().contains(VENV + "/bin/python -> /usr/bin/python3 that python-base has as -> python3"),
        e.getMessage());
  }

  @Test
  void aSkeletonPathMissingFromTheVenvIsNamed() throws Exception {
    Files.delete(venv.resolve("pyvenv.cfg"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> new VenvLayerBuilder(VENV, skeleton).build(venv, VenvLayerPlan.single()));
    assertTrue(e.getMessage().startsWith("python-base has " + VENV + "/pyvenv.cfg but the build stage's venv does not"),
        e.getMessage());
  }

  @Test
  void aSetuidFileIsRefused() throws Exception {
    chmod("4755", venv.resolve("bin/demo"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> new VenvLayerBuilder(VENV, skeleton).build(venv, VenvLayerPlan.single()));
    assertEquals(VENV + "/bin/demo has the setuid, setgid or sticky bit (mode 4755); image layers built by Jib "
        + "keep only rwx bits, so forge refuses it", e.getMessage());
  }

  private Path sitePackages() throws Exception {
    try (var libs = Files.list(venv.resolve("lib"))) {
      return libs.findFirst().orElseThrow().resolve("site-packages");
    }
  }

  private static void chmod(String mode, Path file) {
    TestEnvironment.run("chmod", mode, file.toString());
  }
}
