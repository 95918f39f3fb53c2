package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintsPinTest {
  /** The commits of the shared data files, from its README. */
  private static final Map<String, String> COMMITS =
      Map.of(
          "2025.1", "19088b84dc74c8f1e31f2547b8c3d5de81a6695e",
          "2025.2", "0e88245f541e4c82e3b0cf4b63cf50d7b7322d46",
          "2026.1", "0190a07f0add94372d529cbddae77bdc22f3c96c");

  private static final String VALID =
      "# renovate: datasource=git-refs depName=https://opendev.org/openstack/requirements"
          + " currentValue=stable/2025.2\n"
          + "commit=0e88245f541e4c82e3b0cf4b63cf50d7b7322d46\n"
          + "branch=stable/2025.2\n";

  @ParameterizedTest
  @ValueSource(strings = {"2025.1", "2025.2", "2026.1"})
  void committedPinsMatchTheRealUpstreamFiles(String release) {
    ConstraintsPin pin = ConstraintsPin.read(SharedData.repoConstraints(), release);
    assertEquals(release, pin.release());
    assertEquals(COMMITS.get(release), pin.commit());
    assertEquals("stable/" + release, pin.branch());
    assertEquals(
        UpperConstraints.read(SharedData.upperConstraints(release)).sha256(),
        pin.sha256().orElseThrow());
    assertEquals(
        SharedData.repoConstraints().resolve(release).resolve("overrides.txt"),
        pin.overridesFile());
  }

  @Test
  void readsAPinWithoutSha256(@TempDir Path root) throws Exception {
    write(root, "2025.2", VALID);
    ConstraintsPin pin = ConstraintsPin.read(root, "2025.2");
    assertEquals("0e88245f541e4c82e3b0cf4b63cf50d7b7322d46", pin.commit());
    assertTrue(pin.sha256().isEmpty());
    assertEquals(root.resolve("2025.2/requirements.ref"), pin.file());
  }

  @Test
  void aMissingReleaseListsTheReleasesThatExist(@TempDir Path root) throws Exception {
    write(root, "2025.1", VALID.replace("2025.2", "2025.1"));
    write(root, "2025.2", VALID);
    Files.createDirectories(root.resolve("2024.2")); // a directory without a pin does not count
    ForgeException e =
        assertThrows(ForgeException.class, () -> ConstraintsPin.read(root, "2024.2"));
    assertTrue(e.getMessage().contains(root.resolve("2024.2/requirements.ref") + " does not exist"));
    assertTrue(e.getMessage().contains("Releases with a pin: 2025.1, 2025.2."), e.getMessage());
    assertEquals(List.of("2025.1", "2025.2"), ConstraintsPin.releases(root));

    ForgeException none =
        assertThrows(ForgeException.class, () -> ConstraintsPin.read(root.resolve("x"), "2025.2"));
    assertTrue(none.getMessage().contains("has no release with a requirements.ref"));
  }

  @Test
  void invalidValuesAreListedTogether(@TempDir Path root) throws Exception {
    write(
        root,
        "2025.2",
        "# renovate: datasource=git-refs depName=x currentValue=stable/2025.1\n"
            + "commit=0e88245f\nbranch=stable/2025.2\nsha256=abc\nsha265=x\n");
    ForgeException e =
        assertThrows(ForgeException.class, () -> ConstraintsPin.read(root, "2025.2"));
    String m = e.getMessage();
    assertTrue(m.contains(root.resolve("2025.2/requirements.ref") + " is not valid"), m);
    assertTrue(m.contains("commit must be the 40-hex commit"), m);
    assertTrue(m.contains("sha256 must be 64 hex digits"), m);
    assertTrue(m.contains("unknown key 'sha265'"), m);
    assertTrue(m.contains("currentValue=stable/2025.1 but branch=stable/2025.2"), m);
  }

  @Test
  void branchIsRequired(@TempDir Path root) throws Exception {
    write(root, "2025.2", "commit=0e88245f541e4c82e3b0cf4b63cf50d7b7322d46\n");
    ForgeException e =
        assertThrows(ForgeException.class, () -> ConstraintsPin.read(root, "2025.2"));
    assertTrue(e.getMessage().contains("branch must name the branch"), e.getMessage());
  }

  @Test
  void releaseNamesCannotEscapeTheRoot(@TempDir Path root) {
    assertThrows(ForgeException.class, () -> ConstraintsPin.read(root, "../etc"));
  }

  private static void write(Path root, String release, String text) throws Exception {
    Files.createDirectories(root.resolve(release));
    Files.writeString(root.resolve(release).resolve("requirements.ref"), text);
  }
}
