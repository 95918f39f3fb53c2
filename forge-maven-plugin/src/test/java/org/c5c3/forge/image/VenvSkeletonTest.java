package org.c5c3.forge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The skeleton as find prints it for a real {@code python3 -m venv --without-pip} on this host. */
class VenvSkeletonTest {

  @Test
  void aRealListingParsesAndRendersBackAsFindPrintedIt(@TempDir Path tmp) throws Exception {
    Path venv = tmp.resolve("openstack");
    TestEnvironment.run("python3", "-m", "venv", "--without-pip", venv.toString());
    // The command forge runs in python-base, run here by sh as the engine would.
    String listing = TestEnvironment.run("sh", "-c", VenvSkeleton.listCommand(venv.toString()));

    VenvSkeleton skeleton = VenvSkeleton.parse(listing);
    VenvSkeleton.Entry python3 = skeleton.get(venv + "/bin/python3").orElseThrow();
    assertEquals('l', python3.type());
    assertEquals(Files.readSymbolicLink(venv.resolve("bin/python3")).toString(), python3.target());
    assertEquals(new VenvSkeleton.Entry('l', venv + "/bin/python", "python3"), skeleton.get(venv + "/bin/python")
        .orElseThrow());
    if (Files.isSymbolicLink(venv.resolve("lib64"))) {
      assertEquals(new VenvSkeleton.Entry('l', venv + "/lib64", "lib"), skeleton.get(venv + "/lib64").orElseThrow());
    }
    assertEquals(new VenvSkeleton.Entry('d', venv.toString(), null), skeleton.get(venv.toString()).orElseThrow());
    assertEquals(new VenvSkeleton.Entry('f', venv + "/pyvenv.cfg", null),
        skeleton.get(venv + "/pyvenv.cfg").orElseThrow());
    assertEquals(listing.split("\n").length, skeleton.entries().size());

    // find ends non-links with a space (the empty %l); the rendering drops it and is otherwise the same.
    String expected = Arrays.stream(listing.split("\n")).map(String::stripTrailing)
        .collect(Collectors.joining("\n", "", "\n"));
    assertEquals(expected, skeleton.render());
    assertEquals(skeleton.entries(), VenvSkeleton.parse(skeleton.render()).entries());
  }

  @Test
  void theListCommandIsFindWithTypePathAndTarget() {
    assertEquals("find /var/lib/openstack -printf '%y %p %l\\n'", VenvSkeleton.listCommand("/var/lib/openstack"));
  }

  @Test
  void anEmptyListingMeansPythonBaseHasNoSkeleton() {
    ForgeException e = assertThrows(ForgeException.class, () -> VenvSkeleton.parse("\n"));
    assertTrue(e.getMessage().contains("python3 -m venv --without-pip /var/lib/openstack"), e.getMessage());
  }
}
