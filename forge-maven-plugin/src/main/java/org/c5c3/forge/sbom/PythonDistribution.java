package org.c5c3.forge.sbom;

import java.util.List;

/**
 * One distribution installed in the venv, from its {@code .dist-info} directory.
 *
 * @param name the {@code Name:} of its METADATA, as the project spells it ({@code oslo.messaging})
 * @param licenseExpression the PEP 639 {@code License-Expression}, or null
 * @param licenses license names from {@code License:} (when it is a short name, not a full text)
 *     and {@code Classifier: License ::} entries, distinct and sorted; used only without an expression
 * @param recordSha256 hex SHA-256 of the {@code RECORD} file, which lists every installed file
 *     with its own SHA-256: a fingerprint of the installed distribution; null without a RECORD
 * @param distInfoPath the image path of the {@code .dist-info} directory
 */
public record PythonDistribution(
    String name,
    String version,
    String licenseExpression,
    List<String> licenses,
    String recordSha256,
    String distInfoPath) {

  public PythonDistribution {
    licenses = List.copyOf(licenses);
  }

  /** The PEP 503-normalised name ({@code oslo-messaging}), which purls and comparisons use. */
  public String normalisedName() {
    return PythonDistributions.normalise(name);
  }
}
