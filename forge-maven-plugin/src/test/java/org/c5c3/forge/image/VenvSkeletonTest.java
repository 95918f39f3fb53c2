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
    VenvSkeleton.Entry python = skeleton.get(venv + "/bin/python").orElseThrow();
    assertEquals('l', python.type());
    assertEquals("python3", python.target());
    if (Files.isSymbolicLink(venv.resolve("lib64"))) {
      assertEquals("lib", skeleton.get(venv + "/lib64").orElseThrow().target());
    }
    assertEquals('d', skeleton.get(venv.toString()).orElseThrow().type());
    // Regular files carry their mode and content hash, so identical files need not ship again.
    VenvSkeleton.Entry cfg = skeleton.get(venv + "/pyvenv.cfg").orElseThrow();
    assertEquals('f', cfg.type());
    assertTrue(skeleton.hasIdenticalFile(venv + "/pyvenv.cfg", 0644,
        TestEnvironment.run("sha256sum", venv.resolve("pyvenv.cfg").toString()).split(" ")[0]));
    long paths = Arrays.stream(listing.split("\n")).filter(l -> l.matches("[dfl] .*")).count();
    assertEquals(paths, skeleton.entries().size());

    assertEquals(skeleton.entries(), VenvSkeleton.parse(skeleton.render()).entries());
  }

  @Test
  void theListCommandIsFindWithTypePathAndTarget() {
    assertEquals("find /var/lib/openstack -printf '%y %p %l\\n'"
        + " && find /var/lib/openstack -type f -exec stat -c 'm %a %n' {} +"
        + " && find /var/lib/openstack -type f -exec sha256sum {} +", VenvSkeleton.listCommand("/var/lib/openstack"));
  }

  @Test
  void anEmptyListingMeansPythonBaseHasNoSkeleton() {
    ForgeException e = assertThrows(ForgeException.class, () -> VenvSkeleton.parse("\n"));
    assertTrue(e.getMessage().contains("python3 -m venv --without-pip /var/lib/openstack"), e.getMessage());
  }
}
