package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.ConstraintOverride.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConstraintOverridesTest {
  @Test
  void parsesEachFormWithReasonAndOrigin() {
    String text =
        "# header comment\n"
            + "\n"
            + "oslo.messaging===17.2.0   # CVE-2099-0001, fixed in 17.2.0\n"
            + "  -pysnmp\n"
            + "+my_plugin === 1.2.3+c5c3.1 ; python_version>='3.10' # our plugin\n"
            + "glance_store===5.3.0;python_version>='3.10'\n";

    List<ConstraintOverride> entries =
        ConstraintOverrides.parse("overrides.txt", text).entries();

    assertEquals(4, entries.size());
    ConstraintOverride replace = entries.get(0);
    assertEquals(Kind.REPLACE, replace.kind());
    assertEquals(PackageName.of("oslo_messaging"), replace.name());
    assertEquals("17.2.0", replace.version());
    assertNull(replace.marker());
    assertEquals("CVE-2099-0001, fixed in 17.2.0", replace.reason());
    assertEquals("overrides.txt:3", replace.origin());

    ConstraintOverride remove = entries.get(1);
    assertEquals(Kind.REMOVE, remove.kind());
    assertEquals("pysnmp", remove.name().original());
    assertNull(remove.version());
    assertEquals("", remove.reason());
    assertEquals("overrides.txt:4", remove.origin());

    ConstraintOverride add = entries.get(2);
    assertEquals(Kind.ADD, add.kind());
    assertEquals("my_plugin", add.name().original());
    assertEquals("1.2.3+c5c3.1", add.version());
    assertEquals("python_version>='3.10'", add.marker());
    assertEquals("our plugin", add.reason());

    assertEquals("python_version>='3.10'", entries.get(3).marker());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025.1", "2025.2", "2026.1"})
  void committedOverridesFilesAreValidAndEmpty(String release) {
    Path file =
        SharedData.repoConstraints().resolve(release).resolve(ConstraintsPin.OVERRIDES_FILE_NAME);
    assertTrue(file.toFile().isFile(), file + " is committed");
    ConstraintOverrides overrides = ConstraintOverrides.read(file);
    assertTrue(overrides.isEmpty());
    // The examples in the header must themselves be valid override lines.
    String examples =
        String.join(
            "\n",
            "oslo.messaging===17.1.0        # replaces every upstream line of the name with this one",
            "glance_store===5.3.0;python_version>='3.10'   # a line may carry its own marker",
            "-pysnmp                        # removes every upstream line of the name",
            "+my-plugin===1.2.3             # adds a pin for a name upstream does not pin");
    assertEquals(4, ConstraintOverrides.parse("examples", examples).entries().size());
  }

  @Test
  void missingFileMeansNoOverrides(@TempDir Path dir) {
    ConstraintOverrides overrides = ConstraintOverrides.read(dir.resolve("overrides.txt"));
    assertTrue(overrides.isEmpty());
  }

  @Test
  void malformedLinesNameFileLineAndText() {
    String text =
        "oslo.messaging===17.2.0\n"
            + "# fine\n"
            + "oslo.log==7.0.0\n"
            + "-pysnmp===7.1.21\n"
            + "just-a-name\n"
            + "foo===1.0;   # empty marker\n"
            + "+===1.0\n";
    ForgeException e =
        assertThrows(ForgeException.class, () -> ConstraintOverrides.parse("ov.txt", text));
    String m = e.getMessage();
    assertTrue(m.contains("ov.txt:3: 'oslo.log==7.0.0': pins use '==='"), m);
    assertTrue(m.contains("ov.txt:4: '-pysnmp===7.1.21': a removal is '-name'"), m);
    assertTrue(m.contains("ov.txt:5: 'just-a-name': expected 'name===version'"), m);
    assertTrue(m.contains("ov.txt:6: 'foo===1.0;   # empty marker': ';' must be followed"), m);
    assertTrue(m.contains("ov.txt:7: '+===1.0'"), m);
    assertFalse(m.contains("ov.txt:1"), m);
    assertFalse(m.contains("ov.txt:2"), m);
  }

  @Test
  void oneNameTakesOneKindOfChange() {
    String text = "oslo.messaging===17.2.0\n-oslo_messaging\n-pysnmp\n-PySNMP\n";
    ForgeException e =
        assertThrows(ForgeException.class, () -> ConstraintOverrides.parse("ov.txt", text));
    assertTrue(
        e.getMessage().contains("ov.txt:2: '-oslo_messaging': oslo_messaging already has an"
            + " override at ov.txt:1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ov.txt:4: '-PySNMP'"), e.getMessage());
  }

  @Test
  void severalLinesOfOneNameNeedDistinctMarkers() {
    ConstraintOverrides ok =
        ConstraintOverrides.parse(
            "ov.txt",
            "glance_store===4.10.1;python_version=='3.9'\n"
                + "glance-store===5.3.0;python_version>='3.10'\n");
    assertEquals(2, ok.entries().size());

    ForgeException e =
        assertThrows(
            ForgeException.class,
            () ->
                ConstraintOverrides.parse(
                    "ov.txt",
                    "glance_store===4.10.1\nglance_store===5.3.0;python_version>='3.10'\n"
                        + "keystonemiddleware===1;a\nkeystonemiddleware===2;a\n"));
    assertTrue(e.getMessage().contains("ov.txt:2: "), e.getMessage());
    assertTrue(e.getMessage().contains("each needs its own distinct ';marker'"), e.getMessage());
    assertTrue(e.getMessage().contains("ov.txt:4: "), e.getMessage());
  }
}
