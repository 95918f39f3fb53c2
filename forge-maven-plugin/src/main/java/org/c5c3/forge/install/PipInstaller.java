package org.c5c3.forge.install;

import java.util.ArrayList;
import java.util.List;

/**
 * pip, the offline stand-in for uv. The runtime venv has no pip (python-base makes it
 * {@code --without-pip}), so pip runs from a throw-away tool venv that sees the builder's
 * setuptools and wheel, and installs into the runtime venv with {@code --python}. Local sources
 * (the service, patched libraries) are built into wheels first, without build isolation, because
 * isolation would fetch setuptools from an index.
 */
public final class PipInstaller implements Installer {

  static final String SCRATCH = "/tmp/forge";
  static final String PIP = SCRATCH + "/pip/bin/pip";

  @Override
  public String name() {
    return "pip";
  }

  @Override
  public String script(InstallRequest r) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add("python3 -m venv --system-site-packages " + SCRATCH + "/pip");
    lines.add("mkdir -p " + SCRATCH + "/libs " + SCRATCH + "/service-wheel " + SCRATCH + "/lib-wheels");
    lines.add("cp -a " + Installer.quote(r.source()) + " " + SCRATCH + "/src");
    lines.add(Installer.join(wheelCommand(SCRATCH + "/service-wheel", List.of(SCRATCH + "/src"))));
    List<String> libCopies = new ArrayList<>();
    for (String lib : r.libraries()) {
      String copy = SCRATCH + "/libs/" + lib.substring(lib.lastIndexOf('/') + 1);
      lines.add("cp -a " + Installer.quote(lib) + " " + Installer.quote(copy));
      libCopies.add(copy);
    }
    if (!libCopies.isEmpty()) {
      lines.add(Installer.join(wheelCommand(SCRATCH + "/lib-wheels", libCopies)));
    }
    // The service by its wheel's path, so that no index can offer another build of it.
    lines.add("service_wheel=$(ls " + SCRATCH + "/service-wheel/*.whl)");
    lines.add(Installer.join(installCommand(r))
        + (libCopies.isEmpty() ? "" : " " + SCRATCH + "/lib-wheels/*.whl")
        + " \"${service_wheel}" + extrasSuffix(r.extras()) + "\""
        + (r.packages().isEmpty() ? "" : " " + Installer.join(r.packages())));
    return String.join("\n", lines) + "\n";
  }

  /** {@code pip wheel} of local source trees into {@code outDir}. */
  public List<String> wheelCommand(String outDir, List<String> sources) {
    List<String> cmd = new ArrayList<>(List.of(PIP, "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "--wheel-dir", outDir));
    cmd.addAll(sources);
    return cmd;
  }

  /** {@code pip install} into the runtime venv, without the service requirement itself. */
  public List<String> installCommand(InstallRequest r) {
    List<String> cmd = new ArrayList<>(List.of(PIP, "--python", r.venv() + "/bin/python", "install",
        "--no-cache-dir", "--constraint", r.constraints()));
    if (r.noIndex()) {
      cmd.add("--no-index");
    } else if (r.indexUrl() != null) {
      cmd.addAll(List.of("--index-url", r.indexUrl()));
    }
    for (String links : r.findLinks()) {
      cmd.addAll(List.of("--find-links", links));
    }
    return cmd;
  }

  private static String extrasSuffix(List<String> extras) {
    return extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]";
  }
}
