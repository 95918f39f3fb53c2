package org.c5c3.forge.install;

import java.util.ArrayList;
import java.util.List;

/**
 * uv, the production installer: one {@code uv pip install} resolves the service, its extras,
 * the patched libraries and extra packages against the effective constraints, builds what needs
 * building in isolation, and byte-compiles (SOURCE_DATE_EPOCH makes the .pyc files hash-checked).
 */
public final class UvInstaller implements Installer {

  /** Where the read-only mounts are copied: builds write egg-info and build/ into their tree. */
  static final String SCRATCH = "/tmp/forge";

  @Override
  public String name() {
    return "uv";
  }

  @Override
  public String script(InstallRequest r) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add("mkdir -p " + SCRATCH);
    lines.add("cp -a " + Installer.quote(r.source()) + " " + SCRATCH + "/src");
    lines.add(Installer.join(command(r)));
    return String.join("\n", lines) + "\n";
  }

  @Override
  public String serviceOnlyScript(InstallRequest r, String dependencyVenv, String distribution) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add(Installer.restoreVenv(r, dependencyVenv));
    lines.add("mkdir -p " + SCRATCH);
    lines.add("cp -a " + Installer.quote(r.source()) + " " + SCRATCH + "/src");
    List<String> cmd = new ArrayList<>(List.of("uv", "pip", "install", "--no-cache",
        "--python", r.venv() + "/bin/python", "--compile-bytecode", "--link-mode", "copy",
        "--constraint", r.constraints()));
    cmd.addAll(r.indexOptions());
    cmd.addAll(List.of("--no-deps", "--reinstall-package", distribution, SCRATCH + "/src"));
    lines.add(Installer.join(cmd));
    lines.add(Installer.join(List.of("uv", "pip", "check", "--python", r.venv() + "/bin/python")));
    return String.join("\n", lines) + "\n";
  }

  @Override
  public String wheelScript(InstallRequest r, List<String> sources, String outDir) {
    List<String> lines = new ArrayList<>();
    lines.add("set -eu");
    lines.add("mkdir -p " + SCRATCH + "/libs " + Installer.quote(outDir));
    for (String source : sources) {
      String copy = SCRATCH + "/libs/" + source.substring(source.lastIndexOf('/') + 1);
      lines.add("cp -a " + Installer.quote(source) + " " + Installer.quote(copy));
      lines.add(Installer.join(buildCommand(r, copy, outDir)));
    }
    return String.join("\n", lines) + "\n";
  }

  /** {@code uv build --wheel} of one source tree (pinned by unit tests). */
  public List<String> buildCommand(InstallRequest r, String source, String outDir) {
    List<String> cmd = new ArrayList<>(List.of("uv", "build", "--no-cache", "--wheel", "--out-dir", outDir));
    cmd.addAll(r.indexOptions());
    cmd.add(source);
    return cmd;
  }

  /** The exact {@code uv pip install} command line (pinned by unit tests). */
  public List<String> command(InstallRequest r) {
    List<String> cmd = new ArrayList<>(List.of("uv", "pip", "install", "--no-cache",
        "--python", r.venv() + "/bin/python", "--compile-bytecode", "--link-mode", "copy",
        "--constraint", r.constraints()));
    cmd.addAll(r.indexOptions());
    cmd.addAll(r.libraries());
    cmd.add(InstallRequest.withExtras(SCRATCH + "/src", r.extras()));
    cmd.addAll(r.packages());
    return cmd;
  }
}
