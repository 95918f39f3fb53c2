package org.c5c3.forge.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.cyclonedx.model.Bom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomComparisonTest {
  static final List<String> PYTHON = List.of("keystone==28.0.0", "oslo.config==9.7.0", "oslo.messaging==16.1.0",
      "PasteDeploy==3.1.0", "pip==23.0.1", "PyYAML==6.0.2", "zope.interface==7.2");
  static final String DPKG = "dpkg\t1.21.22\nlibc6:amd64\t2.36-9+deb12u10\nlibfoo1\t1:2.0-1+b1\ntzdata\t2025b-0+deb12u1\n";

  @TempDir Path tmp;
  Bom sbom;

  @BeforeEach
  void generate() throws Exception {
    sbom = SbomGenerator.generate(LayeredFilesystem.of(FixtureImage.write(tmp)), SbomGeneratorTest.context().build());
  }

  @Test
  void equalSetsMatchWhateverTheNameSpelling() {
    List<String> spelledOtherwise = List.of("Keystone==28.0.0", "oslo_config==9.7.0", "oslo-messaging==16.1.0",
        "pastedeploy==3.1.0", "pip==23.0.1", "pyyaml==6.0.2", "zope_interface==7.2");
    SbomComparison c = SbomComparison.compare(sbom, spelledOtherwise, SbomComparison.parseDpkgList(DPKG));
    assertTrue(c.matches(), c.describe());
    assertEquals("The SBOM matches the image.", c.describe());
  }

  @Test
  void reportsDifferencesBothWays() {
    List<String> python = List.of("keystone==28.0.0", "oslo.config==9.7.0", "oslo.messaging==16.1.1",
        "PasteDeploy==3.1.0", "pip==23.0.1", "PyYAML==6.0.2", "zope.interface==7.2", "wheel==0.45.0");
    List<String> dpkg = SbomComparison.parseDpkgList("dpkg\t1.21.22\nlibc6:amd64\t2.36-9+deb12u10\nlibfoo1\t1:2.0-1+b1\n");
    SbomComparison c = SbomComparison.compare(sbom, python, dpkg);

    assertFalse(c.matches());
    assertEquals(Set.of("oslo-messaging==16.1.0"), c.pythonOnlyInSbom());
    assertEquals(Set.of("oslo-messaging==16.1.1", "wheel==0.45.0"), c.pythonOnlyInImage());
    assertEquals(Set.of("tzdata=2025b-0+deb12u1"), c.dpkgOnlyInSbom());
    assertEquals(Set.of(), c.dpkgOnlyInImage());
    String report = c.describe();
    assertTrue(report.contains("wheel==0.45.0") && report.contains("tzdata=2025b-0+deb12u1"), report);
  }

  @Test
  void anExtraDpkgPackageAloneIsAMismatch() {
    SbomComparison c = SbomComparison.compare(sbom, PYTHON, SbomComparison.parseDpkgList(DPKG + "gcc-12\t12.2.0-14\n"));
    assertFalse(c.matches());
    assertEquals(Set.of("gcc-12=12.2.0-14"), c.dpkgOnlyInImage());
  }

  @Test
  void parsesCommandOutput() {
    assertEquals(List.of("a==1", "b.c==2.0"), SbomComparison.parsePythonList("a==1\n\n  b.c==2.0  \n"));
    assertEquals(
        List.of("dpkg=1.21.22", "libc6:amd64=2.36-9"),
        SbomComparison.parseDpkgList("dpkg\t1.21.22\tii \nlibc6:amd64\t2.36-9\tii \ngone\t1.0\trc \npurged\t\t\n\n"));
  }

  /** A real venv made by this machine's Python, compared with what that Python reports. */
  @Test
  void realVenvMatchesImportlibMetadata() throws Exception {
    Path root = tmp.resolve("root");
    Path venv = root.resolve("var/lib/openstack");
    java.nio.file.Files.createDirectories(venv.getParent());
    try {
      DpkgDatabaseTest.run("python3", "-m", "venv", venv.toString());
    } catch (AssertionError e) {
      assumeTrue(false, "python3 -m venv does not work here: " + e.getMessage());
    }
    String observed = DpkgDatabaseTest.run(venv.resolve("bin/python3").toString(), "-c",
        "import importlib.metadata as m\nfor d in m.distributions(): print(d.metadata['Name'] + '==' + d.version)");
    List<String> python = SbomComparison.parsePythonList(observed);
    assumeTrue(!python.isEmpty(), "the venv has no distributions (no ensurepip)");

    SbomContext ctx = SbomContext.builder()
        .image("localhost/venv-only", SbomGeneratorTest.DIGEST)
        .forgeVersion("test")
        .createdAt(Instant.EPOCH)
        .build();
    Bom bom = SbomGenerator.generate(LayeredFilesystem.ofDirectory(root), ctx);
    SbomWriter.write(bom);
    SbomComparison c = SbomComparison.compare(bom, python, List.of());
    assertTrue(c.matches(), c.describe());
    assertTrue(python.stream().anyMatch(p -> p.startsWith("pip==")), python.toString());
    assertTrue(bom.getComponents().stream().filter(x -> x.getName().equals("pip"))
        .allMatch(x -> x.getHashes().size() == 1), "pip's RECORD is hashed");
  }
}
