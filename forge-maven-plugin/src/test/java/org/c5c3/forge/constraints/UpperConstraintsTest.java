package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpperConstraintsTest {
  @ParameterizedTest
  @ValueSource(strings = {"2025.1", "2025.2", "2026.1"})
  void realFilesParseAndRoundTripByteForByte(String release) throws Exception {
    Path file = SharedData.upperConstraints(release);
    byte[] bytes = Files.readAllBytes(file);

    UpperConstraints uc = UpperConstraints.read(file);

    assertArrayEquals(bytes, uc.render().getBytes(StandardCharsets.UTF_8));
    List<String> raw = Files.readAllLines(file);
    assertEquals(raw.size(), uc.lines().size());
    long pinLines = raw.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    assertEquals(pinLines, uc.lines().stream().filter(ConstraintLine::isPin).count());
    // Every pin line's text is name===spec exactly, so nothing was lost in parsing.
    for (ConstraintLine line : uc.lines()) {
      if (line.isPin()) {
        assertEquals(line.name().original() + "===" + line.spec(), line.text());
      }
    }
    assertTrue(uc.contains(PackageName.of("oslo.messaging")));
    assertEquals(file.toString(), uc.source());
  }

  @Test
  void commentLinesOf2026_1AreKeptButPinNothing() {
    UpperConstraints uc = UpperConstraints.read(SharedData.upperConstraints("2026.1"));
    ConstraintLine first = uc.lines().get(0);
    assertFalse(first.isPin());
    assertTrue(first.text().startsWith("# WARNING: OpenStack makes no security guarantees"));
    assertEquals(1, first.number());
  }

  @Test
  void namesWithSeveralMarkerLinesReturnAllOfThem() {
    UpperConstraints uc = UpperConstraints.read(SharedData.upperConstraints("2025.2"));

    List<ConstraintLine> glance = uc.pins(PackageName.of("glance_store"));
    assertEquals(2, glance.size());
    assertEquals("4.10.0", glance.get(0).version());
    assertEquals("python_version=='3.9'", glance.get(0).marker());
    assertEquals("5.2.0", glance.get(1).version());
    assertEquals("python_version>='3.10'", glance.get(1).marker());
    assertEquals(191, glance.get(0).number());

    List<ConstraintLine> ksm = uc.pins(PackageName.of("keystonemiddleware"));
    assertEquals(List.of("10.10.0", "10.12.1"), ksm.stream().map(ConstraintLine::version).toList());
    assertEquals("10.12.1;python_version>='3.10'", ksm.get(1).spec());

    ConstraintLine single = uc.pins(PackageName.of("oslo.messaging")).get(0);
    assertEquals(null, single.marker());
    assertEquals("17.1.0", single.spec());
  }

  @Test
  void underscoreDotAndDashSpellingsResolveToTheSameLines() {
    UpperConstraints uc = UpperConstraints.read(SharedData.upperConstraints("2025.2"));
    List<ConstraintLine> expected = uc.pins(PackageName.of("glance_store"));
    assertEquals(expected, uc.pins(PackageName.of("glance-store")));
    assertEquals(expected, uc.pins(PackageName.of("Glance.Store")));
    assertEquals(
        uc.pins(PackageName.of("oslo.messaging")), uc.pins(PackageName.of("Oslo_Messaging")));
    assertEquals(uc.pins(PackageName.of("PasteDeploy")), uc.pins(PackageName.of("pastedeploy")));
    assertTrue(uc.pins(PackageName.of("no-such-package")).isEmpty());
  }

  @Test
  void crlfAndMissingFinalNewlineRoundTrip() {
    String text = "# c\r\nfoo===1.0\r\n\r\nbar_baz===2.0;python_version>='3.10'  # why\r\nqux===3";
    UpperConstraints uc = UpperConstraints.parse("crlf.txt", text);
    assertEquals(text, uc.render());
    assertEquals("2.0", uc.pins(PackageName.of("bar.baz")).get(0).version());
    assertEquals("python_version>='3.10'", uc.pins(PackageName.of("bar.baz")).get(0).marker());
    assertEquals("", uc.lines().get(uc.lines().size() - 1).eol());
  }

  @Test
  void malformedLinesAreErrorsNamingFileAndLine() {
    ForgeException e =
        assertThrows(
            ForgeException.class,
            () -> UpperConstraints.parse("uc.txt", "foo===1.0\nbar>=2.0\nbaz===\nok===1\n"));
    assertTrue(e.getMessage().contains("uc.txt:2: 'bar>=2.0'"), e.getMessage());
    assertTrue(e.getMessage().contains("uc.txt:3: 'baz==='"), e.getMessage());
    assertFalse(e.getMessage().contains("uc.txt:4"), e.getMessage());
  }

  @Test
  void invalidUtf8IsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.txt");
    Files.write(file, new byte[] {'f', 'o', 'o', '=', '=', '=', '1', (byte) 0xff, '\n'});
    ForgeException e = assertThrows(ForgeException.class, () -> UpperConstraints.read(file));
    assertTrue(e.getMessage().contains(file + " is not UTF-8"), e.getMessage());
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    Path file = dir.resolve("none.txt");
    ForgeException e = assertThrows(ForgeException.class, () -> UpperConstraints.read(file));
    assertTrue(e.getMessage().contains(file + " does not exist"), e.getMessage());
  }

  @Test
  void sha256IsTheHashOfTheFileBytes() {
    // Recorded with sha256sum from the shared data file.
    assertEquals(
        "e9d07562064153c10af35ad61a69080ea9f9fa1f5776dcb83ad6446c36fffb36",
        UpperConstraints.read(SharedData.upperConstraints("2025.2")).sha256());
  }
}
