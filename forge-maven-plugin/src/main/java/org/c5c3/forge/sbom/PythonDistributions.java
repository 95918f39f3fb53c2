package org.c5c3.forge.sbom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.PackageName;

/**
 * The Python distributions installed in a venv, read from
 * {@code <venv>/lib/python3*}{@code /site-packages/*.dist-info} (the layout pip and uv write).
 * Legacy {@code .egg-info} installs are not read: neither installer produces them.
 */
public final class PythonDistributions {
  /** Where forge images keep their venv. */
  public static final String DEFAULT_VENV = "/var/lib/openstack";

  /** A {@code License:} longer than this, or over several lines, is a license text, not a name. */
  private static final int MAX_LICENSE_NAME_LENGTH = 100;

  private PythonDistributions() {}

  /** PEP 503 normalisation: runs of {@code -_.} become one {@code -}, lower case. */
  public static String normalise(String name) {
    return PackageName.normalize(name);
  }

  /** The distributions in the default venv, {@value #DEFAULT_VENV}. */
  public static List<PythonDistribution> scan(LayeredFilesystem image) {
    return scan(image, DEFAULT_VENV);
  }

  /**
   * Every distribution in the venv, sorted by normalised name and version; empty if the image has
   * no such venv.
   */
  public static List<PythonDistribution> scan(LayeredFilesystem image, String venv) {
    String lib = venv.replaceAll("/+$", "") + "/lib";
    List<String> distInfos = new ArrayList<>();
    for (String python : image.list(lib)) {
      if (!python.startsWith("python3")) {
        continue;
      }
      String sitePackages = lib + "/" + python + "/site-packages";
      for (String entry : image.list(sitePackages)) {
        String dir = sitePackages + "/" + entry;
        if (entry.endsWith(".dist-info") && image.isDirectory(dir)) {
          distInfos.add(dir);
        }
      }
    }
    List<String> wanted = new ArrayList<>();
    for (String dir : distInfos) {
      wanted.add(dir + "/METADATA");
      wanted.add(dir + "/RECORD");
    }
    Map<String, byte[]> files = image.readAll(wanted);

    List<PythonDistribution> distributions = new ArrayList<>();
    for (String dir : distInfos) {
      byte[] metadata = files.get(dir + "/METADATA");
      if (metadata == null) {
        throw new ForgeException(
            dir + " has no METADATA file. The venv holds a broken install; rebuild it.");
      }
      byte[] record = files.get(dir + "/RECORD");
      distributions.add(parse(dir, new String(metadata, StandardCharsets.UTF_8), record));
    }
    distributions.sort(
        Comparator.comparing(PythonDistribution::normalisedName)
            .thenComparing(PythonDistribution::version));
    return distributions;
  }

  static PythonDistribution parse(String distInfoPath, String metadata, byte[] record) {
    ControlStanzas.Stanza headers = ControlStanzas.parseHeaders(metadata);
    String name = requireField(headers, "Name", distInfoPath);
    String version = requireField(headers, "Version", distInfoPath);
    String expression = headers.first("License-Expression").map(String::strip).orElse(null);

    TreeSet<String> licenses = new TreeSet<>();
    headers
        .first("License")
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.equalsIgnoreCase("UNKNOWN"))
        .filter(l -> !l.contains("\n") && l.length() <= MAX_LICENSE_NAME_LENGTH)
        .ifPresent(licenses::add);
    for (String classifier : headers.all("Classifier")) {
      String c = classifier.strip();
      if (!c.startsWith("License ::")) {
        continue;
      }
      String license = c.substring("License ::".length()).strip();
      if (license.equals("OSI Approved") || license.isEmpty()) {
        continue; // says that some OSI license applies, not which
      }
      // "OSI Approved :: MIT License" maps as a whole; an unmapped one keeps its last segment.
      int lastSegment = license.lastIndexOf("::");
      licenses.add(
          SpdxLicenses.idFor(license).isPresent() || lastSegment < 0
              ? license
              : license.substring(lastSegment + 2).strip());
    }
    return new PythonDistribution(
        name,
        version,
        expression == null || expression.isEmpty() ? null : expression,
        List.copyOf(licenses),
        record == null ? null : Sha256.hex(record),
        distInfoPath);
  }

  private static String requireField(ControlStanzas.Stanza headers, String field, String dir) {
    return headers
        .first(field)
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .orElseThrow(
            () ->
                new ForgeException(
                    dir + "/METADATA has no " + field + " field. The venv holds a broken install; rebuild it."));
  }
}
