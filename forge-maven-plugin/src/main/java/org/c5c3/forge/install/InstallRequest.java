package org.c5c3.forge.install;

import java.util.List;

/**
 * What the build stage installs into the venv, in container paths. The same request gives the
 * same script for every run, so the script can be part of a cache key.
 *
 * @param venv the virtual environment to install into ({@code /var/lib/openstack})
 * @param source the service source tree (mounted read-only)
 * @param extras pip extras of the service, e.g. {@code ldap}
 * @param libraries wheels of patched libraries, installed instead of the indexed releases (their
 *     constraints pin the wheels' local versions)
 * @param packages extra pip requirements installed beside the service
 * @param constraints the effective constraints file
 * @param findLinks local wheel directories (offline installs, fixtures)
 * @param indexUrl the package index, or null for the installer's default
 * @param noIndex do not use any index (offline)
 */
public record InstallRequest(
    String venv,
    String source,
    List<String> extras,
    List<String> libraries,
    List<String> packages,
    String constraints,
    List<String> findLinks,
    String indexUrl,
    boolean noIndex) {

  /** The index flags pip and uv both understand: no index, or an index URL, plus find-links. */
  List<String> indexOptions() {
    List<String> options = new java.util.ArrayList<>();
    if (noIndex) {
      options.add("--no-index");
    } else if (indexUrl != null) {
      options.addAll(List.of("--index-url", indexUrl));
    }
    for (String links : findLinks) {
      options.addAll(List.of("--find-links", links));
    }
    return options;
  }

  /** {@code <path>[a,b]} or just the path when there are no extras. */
  static String withExtras(String requirement, List<String> extras) {
    return extras.isEmpty() ? requirement : requirement + "[" + String.join(",", extras) + "]";
  }
}
