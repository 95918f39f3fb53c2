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
  /** pip in a throw-away venv that sees the builder's setuptools and wheel. */
  static final String TOOL_VENV = "python3 -m venv --system-site-packages " + SCRATCH + "/pip";

  @Override
  public String name() {
    return "pip";
  }

  @Override
  public String script(InstallRequest r) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add(TOOL_VENV);
    lines.add("mkdir -p " + SCRATCH + "/service-wheel");
    lines.add("cp -a " + Installer.quote(r.source()) + " " + SCRATCH + "/src");
    lines.add(Installer.join(wheelCommand(SCRATCH + "/service-wheel", List.of(SCRATCH + "/src"))));
    // The service by its wheel's path, so that no index can offer another build of it.
    lines.add("service_wheel=$(ls " + SCRATCH + "/service-wheel/*.whl)");
    List<String> install = new ArrayList<>(installCommand(r));
    install.addAll(r.libraries());
    lines.add(Installer.join(install) + " \"${service_wheel}" + extrasSuffix(r.extras()) + "\""
        + (r.packages().isEmpty() ? "" : " " + Installer.join(r.packages())));
    return String.join("\n", lines) + "\n";
  }

  @Override
  public String serviceOnlyScript(InstallRequest r, String dependencyVenv, String distribution) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add(Installer.restoreVenv(r, dependencyVenv));
    lines.add(TOOL_VENV);
    lines.add("mkdir -p " + SCRATCH + "/service-wheel");
    lines.add("cp -a " + Installer.quote(r.source()) + " " + SCRATCH + "/src");
    lines.add(Installer.join(wheelCommand(SCRATCH + "/service-wheel", List.of(SCRATCH + "/src"))));
    lines.add("service_wheel=$(ls " + SCRATCH + "/service-wheel/*.whl)");
    List<String> install = new ArrayList<>(installCommand(r));
    install.addAll(List.of("--no-deps", "--force-reinstall"));
    lines.add(Installer.join(install) + " \"${service_wheel}\"");
    lines.add(Installer.join(List.of(PIP, "--python", r.venv() + "/bin/python", "check")));
    return String.join("\n", lines) + "\n";
  }

  @Override
  public String wheelScript(InstallRequest r, List<String> sources, String outDir) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add(TOOL_VENV);
    lines.add("mkdir -p " + SCRATCH + "/libs " + Installer.quote(outDir));
    List<String> copies = new ArrayList<>();
    for (String source : sources) {
      String copy = SCRATCH + "/libs/" + source.substring(source.lastIndexOf('/') + 1);
      lines.add("cp -a " + Installer.quote(source) + " " + Installer.quote(copy));
      copies.add(copy);
    }
    lines.add(Installer.join(wheelCommand(outDir, copies)));
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
    cmd.addAll(r.indexOptions());
    return cmd;
  }

  private static String extrasSuffix(List<String> extras) {
    return extras.isEmpty() ? "" : "[" + String.join(",", extras) + "]";
  }
}
