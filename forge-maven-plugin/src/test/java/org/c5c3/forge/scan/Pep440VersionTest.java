package org.c5c3.forge.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pep440VersionTest {
  /** The ordering example of the specification's "Summary of permitted suffixes" section. */
  private static final List<String> SPEC_ORDER =
      List.of(
          "1.0.dev456",
          "1.0a1",
          "1.0a2.dev456",
          "1.0a12.dev456",
          "1.0a12",
          "1.0b1.dev456",
          "1.0b2",
          "1.0b2.post345.dev456",
          "1.0b2.post345",
          "1.0rc1.dev456",
          "1.0rc1",
          "1.0",
          "1.0+abc.5",
          "1.0+abc.7",
          "1.0+5",
          "1.0.post456.dev34",
          "1.0.post456",
          "1.1.dev1");

  @Test
  void specificationExampleIsInAscendingOrder() {
    for (int i = 0; i + 1 < SPEC_ORDER.size(); i++) {
      Pep440Version lower = Pep440Version.parse(SPEC_ORDER.get(i));
      Pep440Version higher = Pep440Version.parse(SPEC_ORDER.get(i + 1));
      assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
      assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
    }
  }

  @Test
  void sortingAShuffledSpecificationExampleRestoresIt() {
    List<Pep440Version> versions =
        SPEC_ORDER.stream().map(Pep440Version::parse).collect(Collectors.toList());
    Collections.shuffle(versions, new Random(440));
    Collections.sort(versions);
    assertEquals(
        SPEC_ORDER, versions.stream().map(Pep440Version::toString).collect(Collectors.toList()));
  }

  @ParameterizedTest(name = "{0} < {1}")
  @CsvSource({
    // epoch beats everything
    "2013.10, 1!1.0",
    "1!1.0, 1!1.0.post1",
    // release: numeric, not lexical, and longer with non-zero tail sorts later
    "1.9, 1.10",
    "1.0, 1.0.1",
    "1.0.0.0, 1.0.0.1",
    "0.9.post5, 1.0.dev0",
    // dev-only before pre-releases; a dev release just before its base
    "1.0.dev0, 1.0a0",
    "1.0.dev1, 1.0.dev2",
    "1.0a1.dev1, 1.0a1",
    "1.0a1, 1.0a1.post1.dev1",
    "1.0a1.post1, 1.0a2.dev0",
    // phases
    "1.0a9, 1.0b1",
    "1.0b9, 1.0rc1",
    "1.0rc1.post1, 1.0",
    // post-releases after the final, post0 after none, dev of a post before it
    "1.0, 1.0.post0",
    "1.0.post1.dev9, 1.0.post1",
    "1.0.post1, 1.0.post2.dev0",
    // local versions after their public version, compared segment by segment
    "1.0, 1.0+0",
    "1.0+abc, 1.0+abc.1",
    "1.0+abc.5, 1.0+abc.7",
    "1.0+abc.9, 1.0+abc.10",
    "1.0+abc, 1.0+abd",
    "1.0+zzz, 1.0+0",
    "1.0+5, 1.0+10",
    "1.0+ubuntu1, 1.0+ubuntu2",
    "1.0+1.ubuntu, 1.0+1.0",
    "1.0+5, 1.0.post0",
    // numbers too large for a long
    "1.0.dev99999999999999999999, 1.0.dev100000000000000000000",
  })
  void ordersAsTheSpecificationSays(String lower, String higher) {
    Pep440Version a = Pep440Version.parse(lower);
    Pep440Version b = Pep440Version.parse(higher);
    assertTrue(a.compareTo(b) < 0, lower + " < " + higher);
    assertTrue(b.compareTo(a) > 0, higher + " > " + lower);
    assertNotEquals(a, b);
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource({
    "1.0, 1.0.0",
    "1.0, 1.0.0.0.0",
    "1, 1.0",
    "0!1.0, 1.0",
    "1.0rc1, 1.0c1",
    "1.0rc1, 1.0RC1",
    "1.0a0, 1.0alpha",
    "1.0.post0, 1.0-r",
    "1.0+05, 1.0+5",
    "1.0+ABC.Def, 1.0+abc-def",
    "1.0.0rc1, 1.0rc1",
    "1.0.0+abc, 1.0+abc",
    "v1.0, 1.0",
  })
  void equalVersionsHaveEqualHashCodes(String first, String second) {
    Pep440Version a = Pep440Version.parse(first);
    Pep440Version b = Pep440Version.parse(second);
    assertEquals(0, a.compareTo(b));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.0, 1.0",
    "1.0.0, 1.0.0",
    "00, 0",
    "09000, 9000",
    "1.01.002, 1.1.2",
    "V1.0, 1.0",
    "'  1.0\n', 1.0",
    "1.1RC1, 1.1rc1",
    "1.1.a1, 1.1a1",
    "1.1-a1, 1.1a1",
    "1.1_a1, 1.1a1",
    "1.1alpha1, 1.1a1",
    "1.1beta2, 1.1b2",
    "1.1c3, 1.1rc3",
    "1.1pre4, 1.1rc4",
    "1.1preview5, 1.1rc5",
    "1.2a, 1.2a0",
    "1.2.a.1, 1.2a1",
    "2.0.0-rc.1, 2.0.0rc1",
    "1.2-post2, 1.2.post2",
    "1.2post2, 1.2.post2",
    "1.2.post, 1.2.post0",
    "1.2-r4, 1.2.post4",
    "1.2rev4, 1.2.post4",
    "1.2_post_4, 1.2.post4",
    "1.0-1, 1.0.post1",
    "1.0a1-1, 1.0a1.post1",
    "1.2dev2, 1.2.dev2",
    "1.2-dev2, 1.2.dev2",
    "1.2.dev, 1.2.dev0",
    "1.0+ubuntu-1, 1.0+ubuntu.1",
    "1.0+ubuntu_1, 1.0+ubuntu.1",
    "1.0+foo0100, 1.0+foo0100",
    "1.0+007.Abc, 1.0+7.abc",
    "1!1.0, 1!1.0",
    "0!1.0, 1.0",
    "01!2, 1!2",
    "1.0-RC1-r2-DEV3+Local_X, 1.0rc1.post2.dev3+local.x",
  })
  void toStringIsTheNormalisedForm(String text, String normalised) {
    Pep440Version version = Pep440Version.parse(text);
    assertEquals(normalised, version.toString());
    assertEquals(version, Pep440Version.parse(normalised));
    assertTrue(Pep440Version.isValid(text));
  }

  @ParameterizedTest(name = "invalid: \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "   ",
        "a",
        "french toast",
        "1.0.",
        ".1.0",
        "1..0",
        "1.0 rc1",
        "1.0-",
        "1.0+",
        "1.0+abc.",
        "1.0+abc..1",
        "1.0+local+2",
        "1.0+l@cal",
        "!1.0",
        "1!",
        "1.0b2!",
        "1.0a1a2",
        "1.0.dev1.post1",
        "1.0.dev1a1",
        "1.0-1-1",
        "1.0gamma1",
        "vv1.0",
        "1.0-SNAPSHOT",
        "1,0",
        "१.०",
      })
  void rejectsWhatIsNotAVersion(String text) {
    assertFalse(Pep440Version.isValid(text));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pep440Version.parse(text));
    assertEquals("not a PEP 440 version: '" + text + "'", e.getMessage());
  }

  @Test
  void nullIsNotAVersion() {
    assertFalse(Pep440Version.isValid(null));
    assertThrows(IllegalArgumentException.class, () -> Pep440Version.parse(null));
  }

  @Test
  void preReleasesAreThoseWithAPhaseOrDevNumber() {
    assertTrue(Pep440Version.parse("1.0a1").isPreRelease());
    assertTrue(Pep440Version.parse("1.0.dev1").isPreRelease());
    assertTrue(Pep440Version.parse("1.0.post1.dev1").isPreRelease());
    assertFalse(Pep440Version.parse("1.0.post1").isPreRelease());
    assertFalse(Pep440Version.parse("1.0+rc1").isPreRelease());
  }

  /**
   * Every pin in the real upper-constraints of the supported releases parses, its normalised form
   * parses back to an equal version, and all of them sort into one consistent order.
   */
  @Test
  void everyUpperConstraintsVersionParses() throws IOException {
    String property = System.getProperty("forge.test.sharedData");
    assumeTrue(property != null, "forge.test.sharedData is not set");
    Path dir = Path.of(property).resolve("upper-constraints");
    assumeTrue(Files.isDirectory(dir), "no shared data at " + dir);
    List<Pep440Version> versions = new ArrayList<>();
    for (String release : new String[] {"2025.1", "2025.2", "2026.1"}) {
      for (String line : Files.readAllLines(dir.resolve(release + ".txt"))) {
        int pin = line.indexOf("===");
        if (line.startsWith("#") || pin < 0) {
          continue;
        }
        int marker = line.indexOf(';');
        String text = line.substring(pin + 3, marker < 0 ? line.length() : marker).strip();
        Pep440Version version = Pep440Version.parse(text);
        assertEquals(version, Pep440Version.parse(version.toString()), text);
        versions.add(version);
      }
    }
    assertTrue(versions.size() > 1000, "read " + versions.size() + " pins");
    Collections.sort(versions);
    for (int i = 0; i + 1 < versions.size(); i++) {
      assertTrue(versions.get(i).compareTo(versions.get(i + 1)) <= 0);
      assertTrue(versions.get(i + 1).compareTo(versions.get(i)) >= 0);
    }
  }
}
