package org.c5c3.forge.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman for real, on the base image buildah stored (both use the same root storage). podman's
 * default runtime (crun) fails on CI machines with hybrid cgroups, so the runner points
 * CONTAINERS_CONF at the configuration forge documents: runc, cgroupfs, explicit ulimits.
 */
class PodmanEngineTest {

  private static PodmanEngine podman;
  private static String base;

  @BeforeAll
  static void podmanWithRunc(@TempDir Path dir) throws Exception {
    base = TestEnvironment.baseImage();
    Path conf = dir.resolve("containers.conf");
    Files.writeString(conf, """
        [containers]
        default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
        [engine]
        cgroup_manager = "cgroupfs"
        runtime = "runc"
        """);
    CommandRunner runner = new CommandRunner(line -> {}, Map.of("CONTAINERS_CONF", conf.toString()));
    podman = (PodmanEngine) ContainerEngines.select("podman", runner, true);
  }

  @Test
  void outputReturnsTheCommandsStdout() {
    assertEquals("12\n", podman.output(base, null, "cut -d. -f1 /etc/debian_version"));
  }

  @Test
  void theStageSeesItsMountsAndEnvironmentAndItsExportKeepsSymlinks(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("data.txt"), "input\n");
    Path out = tmp.resolve("out/venv");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.txt"), "from an earlier run");

    podman.runStage(new StageSpec(base, null, List.of(new StageSpec.Mount(in, "/in", true)),
        Map.of("FORGE_VALUE", "from the environment"), """
        mkdir -p /export/sub
        cp /in/data.txt /export/sub/data.txt
        ln -s sub/data.txt /export/link
        echo "$FORGE_VALUE" > /export/env.txt
        """, "/export", out));

    assertEquals("input\n", Files.readString(out.resolve("sub/data.txt")));
    assertTrue(Files.isSymbolicLink(out.resolve("link")));
    assertEquals(Path.of("sub/data.txt"), Files.readSymbolicLink(out.resolve("link")));
    assertEquals("from the environment\n", Files.readString(out.resolve("env.txt")));
    assertFalse(Files.exists(out.resolve("stale.txt")), "the export replaces what was there");
  }

  @Test
  void writingToAReadOnlyMountFailsTheStage(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    ForgeException e = assertThrows(ForgeException.class, () -> podman.runStage(new StageSpec(base, null,
        List.of(new StageSpec.Mount(in, "/in", true)), Map.of(), "touch /in/written", "/export", tmp.resolve("out"))));
    assertTrue(e.getMessage().startsWith("the build stage in " + base + " failed (exit "), e.getMessage());
    assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
    assertFalse(Files.exists(in.resolve("written")));
  }
}
