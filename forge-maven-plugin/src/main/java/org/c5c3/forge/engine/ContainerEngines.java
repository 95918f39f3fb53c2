package org.c5c3.forge.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;

/**
 * Chooses the container engine: the one named by {@code forge.engine}, or with {@code auto} the
 * first that answers, in the order buildah, podman, docker. buildah comes first because it needs
 * neither a daemon nor a working OCI runtime; docker last because it needs a daemon.
 */
public final class ContainerEngines {

  public static final List<String> KNOWN = List.of("buildah", "podman", "docker");

  private ContainerEngines() {}

  /**
   * @param requested {@code auto}, {@code buildah}, {@code podman} or {@code docker}
   * @param insecureRegistries allow plain-HTTP registries when pulling and pushing
   */
  public static ContainerEngine select(String requested, CommandRunner runner, boolean insecureRegistries) {
    String name = requested == null || requested.isBlank() ? "auto" : requested.strip();
    if (!name.equals("auto")) {
      if (!KNOWN.contains(name)) {
        throw new ForgeException("unknown container engine '" + name + "' (forge.engine); known: auto, "
            + String.join(", ", KNOWN));
      }
      String problem = probe(name, runner);
      if (problem != null) {
        throw new ForgeException("container engine '" + name + "' (forge.engine) does not work here: " + problem);
      }
      return create(name, runner, insecureRegistries);
    }
    List<String> tried = new ArrayList<>();
    for (String candidate : KNOWN) {
      String problem = probe(candidate, runner);
      if (problem == null) {
        return create(candidate, runner, insecureRegistries);
      }
      tried.add(candidate + ": " + problem);
    }
    throw new ForgeException("no container engine found; the base images and the build stage need one.\n  tried "
        + String.join("\n  tried ", tried)
        + "\n  Install buildah, podman or docker, or name one with -Dforge.engine=<name>.");
  }

  static ContainerEngine create(String name, CommandRunner runner, boolean insecureRegistries) {
    return switch (name) {
      case "buildah" -> new BuildahEngine(runner, "chroot", insecureRegistries);
      case "podman" -> new PodmanEngine(runner, insecureRegistries);
      case "docker" -> new DockerEngine(runner);
      default -> throw new IllegalArgumentException(name);
    };
  }

  /** Returns null when the engine answers, else why not. */
  static String probe(String name, CommandRunner runner) {
    List<String> cmd = switch (name) {
      case "buildah" -> List.of("buildah", "version");
      case "podman" -> List.of("podman", "info", "--format", "{{.Host.OCIRuntime.Name}}");
      default -> List.of("docker", "info", "--format", "{{.ServerVersion}}");
    };
    try {
      CommandRunner.Result r = runner.run(cmd, Map.of(), false);
      if (r.succeeded()) {
        return null;
      }
      return "`" + String.join(" ", cmd) + "` exited " + r.exitCode() + ": " + CommandRunner.tail(r.stderr(), 2);
    } catch (ForgeException e) {
      return "not on PATH";
    }
  }
}
