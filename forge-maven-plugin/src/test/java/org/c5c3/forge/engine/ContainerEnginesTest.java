package org.c5c3.forge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine selection against a PATH the test controls: an empty directory (nothing installed) or
 * small executables that answer like a broken or a working engine.
 */
class ContainerEnginesTest {

  @TempDir Path bin;

  @Test
  void autoWithNoEngineOnPathListsEveryEngineTriedAndTheProperty() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> ContainerEngines.select("auto", runnerWithPath(), false));
    String m = e.getMessage();
    assertTrue(m.contains("tried buildah: not on PATH"), m);
    assertTrue(m.contains("tried podman: not on PATH"), m);
    assertTrue(m.contains("tried docker: not on PATH"), m);
    assertTrue(m.contains("-Dforge.engine=<name>"), m);
  }

  @Test
  void autoSaysHowEachEngineThatIsThereFailed() throws IOException {
    engine("buildah", "echo 'cannot read storage' >&2; exit 125");
    engine("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
    ForgeException e = assertThrows(ForgeException.class,
        () -> ContainerEngines.select(null, runnerWithPath(), false));
    String m = e.getMessage();
    assertTrue(m.contains("tried buildah: `buildah version` exited 125: cannot read storage"), m);
    assertTrue(m.contains("tried podman: not on PATH"), m);
    assertTrue(m.contains("tried docker: `docker info --format {{.ServerVersion}}` exited 1: "
        + "Cannot connect to the Docker daemon"), m);
  }

  @Test
  void autoTakesTheFirstEngineThatAnswers() throws IOException {
    engine("buildah", "exit 125");
    engine("podman", "echo runc");
    engine("docker", "echo 28.2.2");
    ContainerEngine chosen = ContainerEngines.select(" auto ", runnerWithPath(), true);
    assertInstanceOf(PodmanEngine.class, chosen);
    assertEquals("podman", chosen.name());
    engine("buildah", "echo 1.28.2");
    assertInstanceOf(BuildahEngine.class, ContainerEngines.select("", runnerWithPath(), true));
  }

  @Test
  void aNamedEngineMustWork() throws IOException {
    engine("buildah", "echo 1.28.2");
    engine("docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1");
    assertInstanceOf(BuildahEngine.class, ContainerEngines.select("buildah", runnerWithPath(), false));
    ForgeException e = assertThrows(ForgeException.class,
        () -> ContainerEngines.select("docker", runnerWithPath(), false));
    assertTrue(e.getMessage().startsWith("container engine 'docker' (forge.engine) does not work here: "),
        e.getMessage());
    assertTrue(e.getMessage().contains("Cannot connect to the Docker daemon"), e.getMessage());
    ForgeException absent = assertThrows(ForgeException.class,
        () -> ContainerEngines.select("podman", runnerWithPath(), false));
    assertTrue(absent.getMessage().endsWith("does not work here: not on PATH"), absent.getMessage());
  }

  @Test
  void anUnknownEngineNameListsTheKnownOnes() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> ContainerEngines.select("rkt", runnerWithPath(), false));
    assertEquals("unknown container engine 'rkt' (forge.engine); known: auto, buildah, podman, docker",
        e.getMessage());
  }

  private CommandRunner runnerWithPath() {
    return new CommandRunner(line -> {}, Map.of("PATH", bin.toString()));
  }

  /** An executable named like an engine that runs {@code body} whatever its arguments. */
  private void engine(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
