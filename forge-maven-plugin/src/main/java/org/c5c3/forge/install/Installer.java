package org.c5c3.forge.install;

import java.util.List;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;

/**
 * The Python installer of the build stage. It turns an {@link InstallRequest} into the shell
 * script the container engine runs inside venv-builder. uv is the production installer; pip is
 * the stand-in where uv cannot be had (offline test machines), behind the same interface.
 */
public interface Installer {

  /** {@code uv} or {@code pip}. */
  String name();

  /** The POSIX shell script that installs the request into the venv. */
  String script(InstallRequest request);

  /**
   * The script that reinstalls only the service on top of a cached dependency set: the venv at
   * {@code dependencyVenv} (mounted read-only) was built from the same constraints, libraries,
   * extras and packages, and only the service's source changed. Every other distribution keeps its
   * bytes; the old service is uninstalled by its RECORD first, and the dependency check must pass.
   */
  String serviceOnlyScript(InstallRequest request, String dependencyVenv, String distribution);

  /** Replaces the venv's content with the cached dependency set. */
  static String restoreVenv(InstallRequest r, String dependencyVenv) {
    return "find " + quote(r.venv()) + " -mindepth 1 -delete\ncp -a " + quote(dependencyVenv) + "/. " + quote(r.venv()) + "/";
  }

  /**
   * The script that builds wheels of local source trees (patched libraries) into {@code outDir},
   * without their dependencies. Index options come from {@code request}.
   */
  String wheelScript(InstallRequest request, List<String> sources, String outDir);

  /** The installer named by {@code forge.installer}. */
  static Installer named(String name) {
    return switch (name == null ? "" : name.strip()) {
      case "uv" -> new UvInstaller();
      case "pip" -> new PipInstaller();
      default -> throw new ForgeException("unknown installer '" + name + "' (forge.installer); known: uv, pip");
    };
  }

  /** Single-quotes an argument for sh. */
  static String quote(String arg) {
    if (arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return arg;
    }
    return "'" + arg.replace("'", "'\"'\"'") + "'";
  }

  static String join(List<String> args) {
    return args.stream().map(Installer::quote).collect(Collectors.joining(" "));
  }
}
