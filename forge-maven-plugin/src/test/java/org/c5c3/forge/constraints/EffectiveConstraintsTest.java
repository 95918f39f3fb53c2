package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveConstraintsTest {
  private UpperConstraints upstream;
  private List<String> upstreamLines;

  @BeforeEach
  void readRealUpstream() throws Exception {
    Path file = SharedData.upperConstraints("2025.2");
    upstream = UpperConstraints.read(file);
    upstreamLines = Files.readAllLines(file);
  }

  private EffectiveConstraints apply(String overrides) {
    return EffectiveConstraints.of(
        upstream, ConstraintOverrides.parse("constraints/2025.2/overrides.txt", overrides));
  }

  private List<String> effectiveLines(EffectiveConstraints effective) {
    return effective.text().lines().toList();
  }

  @Test
  void withoutOverridesTheEffectiveFileIsUpstream(@TempDir Path dir) throws Exception {
    EffectiveConstraints effective = EffectiveConstraints.of(upstream, ConstraintOverrides.none("x"));
    assertEquals(upstream.render(), effective.text());
    assertTrue(effective.changes().isEmpty());
    assertEquals("", effective.unifiedDiff());

    effective.writeTo(dir.resolve("out"));
    assertArrayEquals(
        Files.readAllBytes(SharedData.upperConstraints("2025.2")),
        Files.readAllBytes(dir.resolve("out/constraints.txt")));
    assertEquals(0, Files.size(dir.resolve("out/constraints.diff")));
  }

  @Test
  void replacingASingleLineKeepsItsPlaceAndRecordsTheChange() {
    EffectiveConstraints effective =
        apply("# why not\noslo_messaging===17.2.0  # fixes bug #2099999\n");

    List<String> lines = effectiveLines(effective);
    assertEquals(upstreamLines.size(), lines.size());
    assertEquals("oslo.messaging===17.2.0", lines.get(160)); // upstream line 161
    for (int i = 0; i < lines.size(); i++) {
      if (i != 160) {
        assertEquals(upstreamLines.get(i), lines.get(i), "line " + (i + 1));
      }
    }
    assertEquals(
        List.of(
            new ConstraintChange(
                PackageName.of("oslo.messaging"),
                "17.1.0",
                "17.2.0",
                "fixes bug #2099999",
                "constraints/2025.2/overrides.txt:2")),
        effective.changes());
    assertEquals("oslo.messaging", effective.changes().get(0).name().original());
    assertEquals("17.2.0", effective.pins(PackageName.of("OSLO.messaging")).get(0).version());
  }

  @Test
  void aNameWithSeveralMarkerLinesIsReplacedAsAWhole() {
    EffectiveConstraints effective = apply("glance-store===5.3.0 # needs the new S3 driver\n");

    List<String> lines = effectiveLines(effective);
    assertEquals(upstreamLines.size() - 1, lines.size());
    assertEquals("glance_store===5.3.0", lines.get(190)); // upstream lines 191-192
    assertEquals(upstreamLines.get(192), lines.get(191));
    assertEquals(1, lines.stream().filter(l -> l.startsWith("glance_store")).count());
    ConstraintChange change = effective.change(PackageName.of("glance_store")).orElseThrow();
    assertEquals(
        "4.10.0;python_version=='3.9', 5.2.0;python_version>='3.10'", change.from());
    assertEquals("5.3.0", change.to());
  }

  @Test
  void markedOverrideLinesReplaceTheMarkedUpstreamLines() {
    EffectiveConstraints effective =
        apply(
            "keystonemiddleware===10.10.1;python_version=='3.9'\n"
                + "keystonemiddleware===10.13.0;python_version>='3.10'  # CVE fix\n");
    List<String> lines = effectiveLines(effective);
    assertEquals(upstreamLines.size(), lines.size());
    assertEquals("keystonemiddleware===10.10.1;python_version=='3.9'", lines.get(362));
    assertEquals("keystonemiddleware===10.13.0;python_version>='3.10'", lines.get(363));
    ConstraintChange change = effective.changes().get(0);
    assertEquals(
        "10.10.1;python_version=='3.9', 10.13.0;python_version>='3.10'", change.to());
    assertEquals("CVE fix", change.reason());
    assertEquals(
        "constraints/2025.2/overrides.txt:1, constraints/2025.2/overrides.txt:2",
        change.origin());
  }

  @Test
  void removalDropsEveryLineOfTheName() {
    EffectiveConstraints effective = apply("-KeystoneMiddleware\n-pysnmp # unused\n");
    List<String> lines = effectiveLines(effective);
    assertEquals(upstreamLines.size() - 3, lines.size());
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("keystonemiddleware")));
    assertFalse(lines.contains("pysnmp===7.1.21"));
    assertTrue(lines.contains("pysnmp-lextudio===6.1.2"), "only the exact name is removed");
    ConstraintChange ksm = effective.changes().get(0);
    assertEquals("keystonemiddleware", ksm.name().original());
    assertNull(ksm.to());
    assertEquals("10.10.0;python_version=='3.9', 10.12.1;python_version>='3.10'", ksm.from());
    assertEquals("unused", effective.changes().get(1).reason());
    assertTrue(effective.pins(PackageName.of("pysnmp")).isEmpty());
  }

  @Test
  void additionsAreAppendedInFileOrder() {
    EffectiveConstraints effective =
        apply("+zz-plugin===1.0  # ours\n+aa_plugin===2.0;python_version>='3.12'\n");
    List<String> lines = effectiveLines(effective);
    assertEquals(upstreamLines.size() + 2, lines.size());
    assertEquals(upstreamLines, lines.subList(0, upstreamLines.size()));
    assertEquals("zz-plugin===1.0", lines.get(lines.size() - 2));
    assertEquals("aa_plugin===2.0;python_version>='3.12'", lines.get(lines.size() - 1));
    assertTrue(effective.text().endsWith("\n"));
    ConstraintChange zz = effective.changes().get(0);
    assertNull(zz.from());
    assertEquals("1.0", zz.to());
    assertEquals("ours", zz.reason());
  }

  @Test
  void additionAfterALastLineWithoutNewlineStartsANewLine() {
    UpperConstraints noNewline = UpperConstraints.parse("uc.txt", "a===1\nb===2");
    EffectiveConstraints effective =
        EffectiveConstraints.of(noNewline, ConstraintOverrides.parse("ov.txt", "+c===3\n"));
    assertEquals("a===1\nb===2\nc===3\n", effective.text());
  }

  @Test
  void overridingOrRemovingAnUnknownNameIsAnErrorWithSuggestions() {
    ForgeException e =
        assertThrows(
            ForgeException.class,
            () -> apply("# c\noslo.mesaging===17.2.0\n-novaclient\nkeystone-middleware===1\n"));
    String m = e.getMessage();
    assertTrue(
        m.contains(
            "constraints/2025.2/overrides.txt:2: 'oslo.mesaging===17.2.0': oslo.mesaging has no pin"
                + " in upper-constraints"),
        m);
    assertTrue(m.contains("did you mean oslo.messaging"), m);
    assertTrue(m.contains("write '+oslo.mesaging===17.2.0'"), m);
    assertTrue(m.contains("overrides.txt:3: '-novaclient': novaclient has no pin"), m);
    assertTrue(m.contains("did you mean python-novaclient?"), m);
    assertTrue(m.contains("nothing to remove: drop the line"), m);
    assertTrue(m.contains("overrides.txt:4: 'keystone-middleware===1'"), m);
    assertTrue(m.contains("did you mean keystonemiddleware"), m);
    assertTrue(m.contains(upstream.source()), m);
  }

  @Test
  void addingANameUpstreamPinsIsAnErrorSayingDropThePlus() {
    ForgeException e = assertThrows(ForgeException.class, () -> apply("\n+oslo_messaging===17.2.0\n"));
    assertTrue(
        e.getMessage()
            .contains(
                "overrides.txt:2: '+oslo_messaging===17.2.0': oslo_messaging is already pinned"
                    + " upstream (oslo.messaging===17.1.0 at line 161); drop the '+'"),
        e.getMessage());
  }

  @Test
  void unifiedDiffShowsTheChangedLinesWithContext() {
    EffectiveConstraints effective = apply("oslo.messaging===17.2.0\n+extra===1.0\n");
    String expected =
        "--- a/upper-constraints.txt\n"
            + "+++ b/constraints.txt\n"
            + "@@ -158,7 +158,7 @@\n"
            + " " + upstreamLines.get(157) + "\n"
            + " " + upstreamLines.get(158) + "\n"
            + " " + upstreamLines.get(159) + "\n"
            + "-oslo.messaging===17.1.0\n"
            + "+oslo.messaging===17.2.0\n"
            + " " + upstreamLines.get(161) + "\n"
            + " " + upstreamLines.get(162) + "\n"
            + " " + upstreamLines.get(163) + "\n"
            + "@@ -601,3 +601,4 @@\n"
            + " " + upstreamLines.get(600) + "\n"
            + " " + upstreamLines.get(601) + "\n"
            + " " + upstreamLines.get(602) + "\n"
            + "+extra===1.0\n";
    assertEquals(expected, effective.unifiedDiff());
  }

  @Test
  void writeToWritesConstraintsAndDiff(@TempDir Path dir) throws Exception {
    EffectiveConstraints effective = apply("-pysnmp\n");
    Path written = effective.writeTo(dir.resolve("a/b"));
    assertEquals(dir.resolve("a/b/constraints.txt"), written);
    assertEquals(effective.text(), Files.readString(written, StandardCharsets.UTF_8));
    assertEquals(
        effective.unifiedDiff(),
        Files.readString(dir.resolve("a/b/constraints.diff"), StandardCharsets.UTF_8));
    assertTrue(effective.unifiedDiff().contains("\n-pysnmp===7.1.21\n"));
  }

  @Test
  void pinReturnsANewInstanceAndRecordsTheChange() {
    EffectiveConstraints base = apply("glance_store===5.3.0 # newer\n");
    EffectiveConstraints pinned =
        base.pin(PackageName.of("oslo_messaging"), "17.1.0+c5c3.1", "patched: fixes bug 123");

    // The original is untouched.
    assertEquals(1, base.changes().size());
    assertTrue(base.text().contains("\noslo.messaging===17.1.0\n"));

    assertTrue(pinned.text().contains("\noslo.messaging===17.1.0+c5c3.1\n"));
    assertEquals(effectiveLines(base).size(), effectiveLines(pinned).size());
    assertEquals(
        new ConstraintChange(
            PackageName.of("oslo.messaging"),
            "17.1.0",
            "17.1.0+c5c3.1",
            "patched: fixes bug 123",
            "library patch"),
        pinned.changes().get(1));
    assertTrue(pinned.unifiedDiff().contains("+oslo.messaging===17.1.0+c5c3.1\n"));
  }

  @Test
  void pinOverAnOverrideKeepsTheUpstreamFromAndOneChangePerName() {
    EffectiveConstraints pinned =
        apply("keystonemiddleware===10.13.0 # override\n")
            .pin(
                PackageName.of("KeystoneMiddleware"),
                "10.13.0+c5c3.1",
                "patched",
                "patches/keystonemiddleware/2025.2");
    assertEquals(1, pinned.changes().size());
    ConstraintChange change = pinned.changes().get(0);
    assertEquals("10.10.0;python_version=='3.9', 10.12.1;python_version>='3.10'", change.from());
    assertEquals("10.13.0+c5c3.1", change.to());
    assertEquals("patches/keystonemiddleware/2025.2", change.origin());
    assertEquals(
        1, effectiveLines(pinned).stream().filter(l -> l.startsWith("keystonemiddleware")).count());
  }

  @Test
  void pinOfANameUpstreamDoesNotPinAddsIt() {
    EffectiveConstraints pinned =
        EffectiveConstraints.of(upstream).pin(PackageName.of("my.lib"), "1.0+c5c3.1", "", "x");
    assertTrue(pinned.text().endsWith("\nmy.lib===1.0+c5c3.1\n"));
    assertNull(pinned.changes().get(0).from());
    assertEquals(Optional.empty(), EffectiveConstraints.of(upstream).change(PackageName.of("my.lib")));
  }

  @Test
  void pinRefusesAnInvalidVersion() {
    ForgeException e =
        assertThrows(
            ForgeException.class,
            () ->
                EffectiveConstraints.of(upstream)
                    .pin(PackageName.of("oslo.messaging"), "17.1 .0", "", "patches/oslo.messaging"));
    assertTrue(e.getMessage().contains("oslo.messaging"), e.getMessage());
    assertTrue(e.getMessage().contains("patches/oslo.messaging"), e.getMessage());
  }
}
