package org.c5c3.forge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * buildah's rare "sealing memfd copy: Device or resource busy" (seen once in this project's own
 * test runs, at a RUN step) is injected by an executable named buildah on a PATH the test
 * controls: it fails that way a given number of times, counting its calls in a file.
 */
class BuildahTransientFailureTest {
  @TempDir Path bin;
  @TempDir Path work;
  final List<String> log = new CopyOnWriteArrayList<>();

  private BuildahEngine engineFailing(int times, String message) throws IOException {
    Path calls = work.resolve("calls");
    Path file = bin.resolve("buildah");
    Files.writeString(file, "#!/bin/sh\nPATH=/usr/bin:/bin\n"
        + "echo \"$*\" >> '" + calls + "'\n"
        + "n=$(wc -l < '" + calls + "')\n"
        + "if [ \"$n\" -le " + times + " ]; then echo 'STEP 5/12: RUN true' ; echo '" + message + "' >&2; exit 1; fi\n"
        + "echo built\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new BuildahEngine(new CommandRunner(log::add, Map.of("PATH", bin.toString())), "chroot", false);
  }

  private int calls() throws IOException {
    return Files.readAllLines(work.resolve("calls")).size();
  }

  private ImageBuildSpec spec() throws IOException {
    Path containerfile = Files.writeString(work.resolve("Containerfile"), "FROM scratch\n");
    return new ImageBuildSpec(containerfile, work, "localhost/forge-test/transient:1", Map.of(), Map.of(), null);
  }

  @Test
  void theTransientSealFailureIsTriedAgain() throws Exception {
    BuildahEngine buildah = engineFailing(2, "Close_Fd sealing memfd copy: Device or resource busy");
    buildah.build(spec());
    assertEquals(3, calls());
    assertTrue(log.stream().anyMatch(l -> l.contains("could not seal its memfd copy (transient); attempt 2 of 3")), log.toString());
  }

  @Test
  void itGivesUpAfterThreeAttemptsWithBuildahsOwnMessage() throws Exception {
    BuildahEngine buildah = engineFailing(9, "Close_Fd sealing memfd copy: Device or resource busy");
    ForgeException e = assertThrows(ForgeException.class, () -> buildah.build(spec()));
    assertEquals(3, calls());
    assertTrue(e.getMessage().contains("sealing memfd copy: Device or resource busy"), e.getMessage());
  }

  @Test
  void anyOtherFailureIsNotRepeated() throws Exception {
    BuildahEngine buildah = engineFailing(9, "E: Unable to locate package frobnicate");
    ForgeException e = assertThrows(ForgeException.class, () -> buildah.build(spec()));
    assertEquals(1, calls());
    assertTrue(e.getMessage().contains("Unable to locate package frobnicate"), e.getMessage());
  }
}
