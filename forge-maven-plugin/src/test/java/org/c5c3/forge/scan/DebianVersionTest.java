package org.c5c3.forge.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DebianVersionTest {
  /** Pairs whose order exercises each rule of deb-version(7); the first is the lower. */
  private static final String[][] ORDERED = {
    {"1.0~rc1", "1.0"},
    {"1.0~~", "1.0~"},
    {"1.0~", "1.0"},
    {"1.0~rc1", "1.0~rc2"},
    {"1.0", "1.0a"},
    {"1.0a", "1.0+"},
    {"1.0+", "1.0."},
    {"1.0a", "1.0."},
    {"1.0A", "1.0a"},
    {"1.0", "1.0.0"},
    {"1.2.3", "1.2.3.0"},
    {"1.9", "1.10"},
    {"9", "10"},
    {"0.09", "0.10"},
    {"2.0", "1:0.9"},
    {"1:9.9", "2:0.1"},
    {"2.36-9+deb12u4", "2.36-9+deb12u10"},
    {"1.2.3-1", "1.2.3-1+b1"},
    {"1.0-1~bpo12+1", "1.0-1"},
    {"1.0-1", "1.0-1.1"},
    {"1.0-1", "1.0-2"},
    {"1.0-9", "1.0-10"},
    {"1.0-1", "1.0.1-1"},
    {"7.88.0-10+deb12u5", "7.88.0-10+deb12u12"},
    {"3.0.11-1~deb12u2", "3.0.11-1"},
    {"0.0~git20230123.b2528b0-1", "0.0.1-1"},
    {"252.30-1~deb12u2", "252.33-1~deb12u1"},
    {"1.0-1", "1.0-a"},
    // a leading digit run is compared after the (here empty) leading non-digit run
    {"0a", "a"},
    // the revision is after the last hyphen: upstream 1.0-1 > 1.0 decides before any revision
    {"1.0-2", "1.0-1-1"},
    {"abc", "abd"},
    {"2147483646:1", "2147483647:0"},
    {"1.0.99999999999999999999", "1.0.100000000000000000000"},
  };

  /** Pairs that are different text for the same version. */
  private static final String[][] EQUAL = {
    {"1.0", "0:1.0"},
    {"1.0", "1.0-0"},
    {"1.0", "1.00"},
    {"1.0", "1.0-00"},
    {"1.", "1.0"},
    {"1a", "1a0"},
    {"01:1.0", "1:1.0"},
    {"1.01", "1.1"},
    {"1.0-1", "0:1.0-01"},
  };

  @Test
  void ordersAsDebVersionSays() {
    for (String[] pair : ORDERED) {
      DebianVersion lower = DebianVersion.parse(pair[0]);
      DebianVersion higher = DebianVersion.parse(pair[1]);
      assertTrue(lower.compareTo(higher) < 0, pair[0] + " < " + pair[1]);
      assertTrue(higher.compareTo(lower) > 0, pair[1] + " > " + pair[0]);
      assertNotEquals(lower, higher);
    }
  }

  /**
   * An absent revision compares like an empty one, and an empty digit run like 0, so {@code 1.0}
   * and {@code 1.0-0} are the same version ({@code dpkg --compare-versions 1.0 eq 1.0-0} holds),
   * and so are {@code 1.} and {@code 1.0}; {@code 1.0} and {@code 1.0.0} are not (the {@code .} is
   * a non-digit that sorts after the end).
   */
  @Test
  void differentSpellingsOfOneVersionAreEqualWithEqualHashCodes() {
    for (String[] pair : EQUAL) {
      DebianVersion a = DebianVersion.parse(pair[0]);
      DebianVersion b = DebianVersion.parse(pair[1]);
      assertEquals(0, a.compareTo(b), pair[0] + " == " + pair[1]);
      assertEquals(a, b);
      assertEquals(a.hashCode(), b.hashCode(), pair[0] + " and " + pair[1] + " hash alike");
    }
  }

  @ParameterizedTest(name = "{0} = epoch {1}, upstream {2}, revision {3}")
  @CsvSource({
    "1.0, 0, 1.0, ''",
    "2:1.0, 2, 1.0, ''",
    "1.0-1, 0, 1.0, 1",
    "1:2.36-9+deb12u4, 1, 2.36, 9+deb12u4",
    "1.0-1-2, 0, 1.0-1, 2",
    "1:2:3, 1, 2:3, ''",
    "1:2:3-4, 1, 2:3, 4",
    "007:1, 7, 1, ''",
    "0.0~git20230123.b2528b0-1, 0, 0.0~git20230123.b2528b0, 1",
    "'  1.0-1\n', 0, 1.0, 1",
  })
  void splitsEpochUpstreamAndRevision(
      String text, int epoch, String upstream, String revision) {
    DebianVersion version = DebianVersion.parse(text);
    assertEquals(epoch, version.epoch());
    assertEquals(upstream, version.upstreamVersion());
    assertEquals(revision, version.debianRevision());
    assertEquals(!revision.isEmpty(), version.hasDebianRevision());
    assertEquals(text.strip(), version.toString());
  }

  /**
   * dpkg rejects all of these as bad syntax (exit status 2 of {@code --compare-versions}), except
   * the empty string, which its command line takes as "no version", lower than any other; an OSV
   * event or an SBOM entry with an empty version is a fault to report, not a version.
   */
  @ParameterizedTest(name = "invalid: \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "  ",
        "1 0",
        "1.0-",
        ":1.0",
        "a:1.0",
        "1.0:2",
        "-1:1.0",
        "2147483648:1.0",
        "99999999999999999999:1.0",
        "1:",
        "1:-1",
        "-1",
      })
  void rejectsWhatDpkgRejects(String text) {
    assertFalse(DebianVersion.isValid(text));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse(text));
    assertTrue(e.getMessage().startsWith("not a Debian version: '" + text + "'"), e.getMessage());
  }

  /**
   * dpkg reads the epoch as a C signed number, so it takes {@code +1:1.0} as epoch 1;
   * deb-version(7) says the epoch is an unsigned integer, and a sign is no part of one, so this
   * class rejects it.
   */
  @Test
  void rejectsASignedEpochThatDpkgLetsThrough() {
    assertThrows(IllegalArgumentException.class, () -> DebianVersion.parse("+1:1.0"));
  }

  /** dpkg only warns about these, and compares them. */
  @ParameterizedTest(name = "accepted: \"{0}\"")
  @ValueSource(strings = {"abc", "1:a", "1.0-a_b", "1.0@", "~1", "2147483647:1"})
  void acceptsWhatDpkgOnlyWarnsAbout(String text) {
    assertTrue(DebianVersion.isValid(text));
    assertEquals(text, DebianVersion.parse(text).toString());
  }

  /**
   * The class agrees with the real {@code dpkg --compare-versions} on the pairs above, on each
   * installed package's version against its neighbours in sorted text order (where {@code +deb12u4}
   * meets {@code +deb12u10} and {@code ~} meets the end), and on versions a few places apart.
   */
  @Test
  void agreesWithDpkgCompareVersions() throws IOException, InterruptedException {
    assumeTrue(onPath("dpkg"), "dpkg is not on PATH");
    List<String[]> pairs = new ArrayList<>();
    for (String[] pair : ORDERED) {
      pairs.add(pair);
      pairs.add(new String[] {pair[1], pair[0]});
    }
    for (String[] pair : EQUAL) {
      pairs.add(pair);
    }
    List<String> installed = installedVersions();
    for (int i = 0; i < installed.size(); i++) {
      for (int step : new int[] {1, 2, 7}) {
        if (i + step < installed.size()) {
          pairs.add(new String[] {installed.get(i), installed.get(i + step)});
        }
      }
    }
    List<String> disagreements = new ArrayList<>();
    for (String[] pair : pairs) {
      DebianVersion a = DebianVersion.parse(pair[0]);
      int ours = Integer.signum(a.compareTo(DebianVersion.parse(pair[1])));
      int dpkgs = dpkgCompare(pair[0], pair[1]);
      if (ours != dpkgs) {
        disagreements.add(pair[0] + " vs " + pair[1] + ": ours " + ours + ", dpkg " + dpkgs);
      }
    }
    assertTrue(pairs.size() >= 40, "compared " + pairs.size() + " pairs");
    assertEquals(List.of(), disagreements);
  }

  /** The distinct versions dpkg has installed here, in text order; empty without dpkg-query. */
  private static List<String> installedVersions() throws IOException, InterruptedException {
    if (!onPath("dpkg-query")) {
      return List.of();
    }
    Process p =
        new ProcessBuilder("dpkg-query", "-W", "-f=${Version}\\n")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    TreeSet<String> versions = new TreeSet<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        versions.add(line.strip());
      }
    }
    return new ArrayList<>(versions);
  }

  /** -1, 0 or 1 as dpkg orders {@code a} and {@code b}. */
  private static int dpkgCompare(String a, String b) throws IOException, InterruptedException {
    if (dpkg(a, "lt", b)) {
      return -1;
    }
    return dpkg(a, "gt", b) ? 1 : 0;
  }

  private static boolean dpkg(String a, String relation, String b)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("dpkg", "--compare-versions", a, relation, b)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    int status = p.exitValue();
    assertTrue(status == 0 || status == 1, "dpkg failed on " + a + " " + b + ": " + out);
    return status == 0;
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
