package org.c5c3.forge.sbom;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;

/**
 * Checks an SBOM against what the running image reports: the SBOM is read from the image's files,
 * and this proves it says what the image's own tools say.
 *
 * <p>Feed it the output of, inside the image:
 *
 * <pre>
 * python3 -c 'import importlib.metadata as m; [print(d.metadata["Name"] + "==" + d.version) for d in m.distributions()]'
 * dpkg-query -W -f '${binary:Package}\t${Version}\t${db:Status-Abbrev}\n'
 * </pre>
 *
 * (plain {@code dpkg-query -W}, two columns, works as well; the third column lets packages that
 * are removed but not purged be left out). Python names compare PEP 503-normalised; dpkg names
 * without their {@code :arch} suffix.
 */
public final class SbomComparison {
  private final Set<String> pythonOnlyInSbom;
  private final Set<String> pythonOnlyInImage;
  private final Set<String> dpkgOnlyInSbom;
  private final Set<String> dpkgOnlyInImage;

  private SbomComparison(Set<String> sbomPython, Set<String> observedPython, Set<String> sbomDpkg, Set<String> observedDpkg) {
    this.pythonOnlyInSbom = minus(sbomPython, observedPython);
    this.pythonOnlyInImage = minus(observedPython, sbomPython);
    this.dpkgOnlyInSbom = minus(sbomDpkg, observedDpkg);
    this.dpkgOnlyInImage = minus(observedDpkg, sbomDpkg);
  }

  /**
   * Compares the SBOM's {@code pkg:pypi} and {@code pkg:deb} components with the observed
   * {@code name==version} and {@code package=version} entries.
   */
  public static SbomComparison compare(Bom sbom, Collection<String> observedPython, Collection<String> observedDpkg) {
    Set<String> sbomPython = new TreeSet<>();
    Set<String> sbomDpkg = new TreeSet<>();
    for (Component c : sbom.getComponents() == null ? List.<Component>of() : sbom.getComponents()) {
      String purl = c.getPurl() == null ? "" : c.getPurl();
      if (purl.startsWith("pkg:pypi/")) {
        sbomPython.add(PythonDistributions.normalise(c.getName()) + "==" + c.getVersion());
      } else if (purl.startsWith("pkg:deb/")) {
        sbomDpkg.add(c.getName() + "=" + c.getVersion());
      }
    }
    Set<String> python = new TreeSet<>();
    for (String entry : observedPython) {
      int eq = entry.indexOf("==");
      python.add(eq < 0 ? entry : PythonDistributions.normalise(entry.substring(0, eq)) + entry.substring(eq));
    }
    Set<String> dpkg = new TreeSet<>();
    for (String entry : observedDpkg) {
      int eq = entry.indexOf('=');
      String name = eq < 0 ? entry : entry.substring(0, eq);
      int colon = name.indexOf(':');
      dpkg.add((colon < 0 ? name : name.substring(0, colon)) + (eq < 0 ? "" : entry.substring(eq)));
    }
    return new SbomComparison(sbomPython, python, sbomDpkg, dpkg);
  }

  /** Parses {@code name==version} lines (blank lines ignored) into entries. */
  public static List<String> parsePythonList(String output) {
    List<String> entries = new ArrayList<>();
    for (String line : output.split("\n")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()) {
        entries.add(trimmed);
      }
    }
    return entries;
  }

  /**
   * Parses {@code dpkg-query -W} lines, {@code package<TAB>version[<TAB>status]}, into
   * {@code package=version} entries; lines with no version, or a status other than {@code ii},
   * are packages that are not installed and are left out.
   */
  public static List<String> parseDpkgList(String output) {
    List<String> entries = new ArrayList<>();
    for (String line : output.split("\n")) {
      String[] columns = line.split("\t", -1);
      if (columns.length < 2 || columns[0].isBlank() || columns[1].isBlank()) {
        continue;
      }
      if (columns.length >= 3 && !columns[2].strip().equals("ii")) {
        continue;
      }
      entries.add(columns[0].strip() + "=" + columns[1].strip());
    }
    return entries;
  }

  /** True only if the SBOM and the image agree on every Python distribution and dpkg package. */
  public boolean matches() {
    return pythonOnlyInSbom.isEmpty()
        && pythonOnlyInImage.isEmpty()
        && dpkgOnlyInSbom.isEmpty()
        && dpkgOnlyInImage.isEmpty();
  }

  /** In the SBOM, not reported by the image. */
  public Set<String> pythonOnlyInSbom() {
    return pythonOnlyInSbom;
  }

  /** Reported by the image, not in the SBOM. */
  public Set<String> pythonOnlyInImage() {
    return pythonOnlyInImage;
  }

  public Set<String> dpkgOnlyInSbom() {
    return dpkgOnlyInSbom;
  }

  public Set<String> dpkgOnlyInImage() {
    return dpkgOnlyInImage;
  }

  /** A report for an error message: every difference, one per line. */
  public String describe() {
    if (matches()) {
      return "The SBOM matches the image.";
    }
    StringBuilder text = new StringBuilder("The SBOM does not match the image:");
    section(text, "Python distributions in the SBOM, not in the image", pythonOnlyInSbom);
    section(text, "Python distributions in the image, not in the SBOM", pythonOnlyInImage);
    section(text, "dpkg packages in the SBOM, not in the image", dpkgOnlyInSbom);
    section(text, "dpkg packages in the image, not in the SBOM", dpkgOnlyInImage);
    return text.toString();
  }

  private static void section(StringBuilder text, String title, Set<String> entries) {
    if (!entries.isEmpty()) {
      text.append("\n  ").append(title).append(":");
      entries.forEach(e -> text.append("\n    ").append(e));
    }
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> result = new TreeSet<>(a);
    result.removeAll(b);
    return Collections.unmodifiableSet(result);
  }
}
