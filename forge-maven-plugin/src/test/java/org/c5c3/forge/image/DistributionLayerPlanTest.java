package org.c5c3.forge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionLayerPlanTest {

  static final String VENV = "/var/lib/openstack";
  static final String SP = "lib/python3.11/site-packages";

  @TempDir Path tmp;
  Path venv;

  @BeforeEach
  void makeVenv() throws IOException {
    venv = tmp.resolve("venv");
    // the skeleton python-base has
    write("pyvenv.cfg", "home = /usr/bin\n");
    write("bin/activate", "# activate\n");
    Files.createDirectories(venv.resolve(SP));
    Files.createDirectories(venv.resolve("include/python3.11"));
    Files.createSymbolicLink(venv.resolve("lib64"), Path.of("lib"));
    // a third-party distribution with a console script, a .pyc and a file it writes unlisted
    dist("Third_Party.Lib", "3.0", "third_party", List.of("../../../bin/tp-tool"));
    write(SP + "/third_party/__pycache__/__init__.cpython-311.pyc", "pyc");
    write(SP + "/third_party/data/generated.cache", "cache");
    write("bin/tp-tool", "#!/var/lib/openstack/bin/python\n");
    // a patched library, named with another spelling than the caller's
    dist("oslo.messaging", "14.0", "oslo_messaging", List.of());
    write(SP + "/oslo_messaging/__pycache__/__init__.cpython-311.opt-1.pyc", "pyc");
    // the service, its console script, and a WSGI script no RECORD lists
    dist("forge-fixture", "1.0.0", "forge_fixture", List.of("../../../bin/forge-fixture"));
    write("bin/forge-fixture", "#!/var/lib/openstack/bin/python\n");
    write(SP + "/forge_fixture/__pycache__/__init__.cpython-311.pyc", "pyc");
    write("bin/forge-fixture-wsgi", "#!/var/lib/openstack/bin/python\n");
    write(SP + "/stray.pth", "unowned\n");
  }

  private void dist(String name, String version, String pkg, List<String> scripts) throws IOException {
    String distInfo = name.replace('-', '_').replace('.', '_') + "-" + version + ".dist-info";
    write(SP + "/" + pkg + "/__init__.py", "VERSION = '" + version + "'\n");
    write(SP + "/" + distInfo + "/METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n\n");
    write(SP + "/" + distInfo + "/INSTALLER", "pip\n");
    StringBuilder record = new StringBuilder();
    record.append(pkg).append("/__init__.py,sha256=x,10\n");
    record.append(pkg).append("/__pycache__/__init__.cpython-311.pyc,,\n");
    record.append('"').append(distInfo).append("/METADATA\",sha256=y,20\n");
    record.append(distInfo).append("/RECORD,,\n");
    scripts.forEach(s -> record.append(s).append(",sha256=z,30\n"));
    write(SP + "/" + distInfo + "/RECORD", record.toString());
  }

  private void write(String rel, String text) throws IOException {
    Path p = venv.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  static VenvSkeleton skeleton(String extra) {
    return VenvSkeleton.parse("d /var/lib/openstack\nf /var/lib/openstack/pyvenv.cfg\nd /var/lib/openstack/lib\n"
        + "d /var/lib/openstack/lib/python3.11\nd /var/lib/openstack/lib/python3.11/site-packages\n"
        + "l /var/lib/openstack/lib64 lib\nd /var/lib/openstack/bin\nf /var/lib/openstack/bin/activate\n"
        + "d /var/lib/openstack/include\nd /var/lib/openstack/include/python3.11\n" + extra);
  }

  private DistributionLayerPlan plan() {
    return DistributionLayerPlan.of(venv, "forge_fixture", Set.of("oslo-messaging"), skeleton(""), VENV);
  }

  @Test
  void filesGoToTheLayerOfTheirDistribution() {
    DistributionLayerPlan plan = plan();
    assertEquals(List.of("venv-skeleton-and-third-party", "patched-libraries", "service"), plan.layerNames());
    assertEquals(0, plan.layerOf(SP + "/third_party/__init__.py", false));
    assertEquals(0, plan.layerOf(SP + "/Third_Party_Lib-3.0.dist-info/INSTALLER", false));
    assertEquals(0, plan.layerOf("bin/tp-tool", false));
    assertEquals(1, plan.layerOf(SP + "/oslo_messaging/__init__.py", false));
    assertEquals(1, plan.layerOf(SP + "/oslo_messaging-14.0.dist-info/METADATA", false), "quoted RECORD path");
    assertEquals(2, plan.layerOf(SP + "/forge_fixture/__init__.py", false));
    assertEquals(2, plan.layerOf("bin/forge-fixture", false));
    assertEquals("third-party-lib", plan.distributionOf(SP + "/third_party/__init__.py"));
  }

  @Test
  void bytecodeBelongsToTheOwnerOfItsSource() {
    DistributionLayerPlan plan = plan();
    assertEquals(0, plan.layerOf(SP + "/third_party/__pycache__/__init__.cpython-311.pyc", false));
    assertEquals(1, plan.layerOf(SP + "/oslo_messaging/__pycache__/__init__.cpython-311.opt-1.pyc", false));
    assertEquals(2, plan.layerOf(SP + "/forge_fixture/__pycache__/__init__.cpython-311.pyc", false));
    assertEquals("oslo-messaging", plan.distributionOf(SP + "/oslo_messaging/__pycache__/__init__.cpython-311.opt-1.pyc"));
    assertEquals("a/m.py", DistributionLayerPlan.pycSource("a/__pycache__/m.cpython-311.opt-2.pyc"));
    assertNull(DistributionLayerPlan.pycSource("a/m.pyc"));
  }

  @Test
  void unownedFilesFollowTheirNeighboursOrGoToTheTop() {
    DistributionLayerPlan plan = plan();
    assertEquals(0, plan.layerOf(SP + "/third_party/data/generated.cache", false), "inside a third-party package");
    assertEquals(2, plan.layerOf("bin/forge-fixture-wsgi", false), "generated entry point");
    assertEquals(2, plan.layerOf(SP + "/stray.pth", false), "unowned in site-packages");
    assertEquals(0, plan.layerOf("pyvenv.cfg", false), "skeleton");
    assertEquals(0, plan.layerOf("bin/activate", false), "skeleton");
    assertEquals(2, plan.layerOf("never/seen", false), "unknown paths go to the top");
  }

  @Test
  void directoriesGoToTheLowestLayerBelowThem() {
    DistributionLayerPlan plan = plan();
    assertEquals(0, plan.layerOf("bin", true));
    assertEquals(0, plan.layerOf(SP, true));
    assertEquals(1, plan.layerOf(SP + "/oslo_messaging", true));
    assertEquals(2, plan.layerOf(SP + "/forge_fixture/__pycache__", true));
    assertEquals(0, plan.layerOf("include/python3.11", true), "empty skeleton directory");
  }

  @Test
  void summaryCountsFilesBytesAndDistributions() throws IOException {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> layers = (List<Map<String, Object>>) plan().summary().get("layers");
    assertEquals(3, layers.size());
    assertEquals(Set.of("third-party-lib"), layers.get(0).get("distributions"));
    assertEquals(Set.of("oslo-messaging"), layers.get(1).get("distributions"));
    assertEquals(Set.of("forge-fixture"), layers.get(2).get("distributions"));
    // oslo: __init__.py, pyc, METADATA, INSTALLER, RECORD
    assertEquals(5, layers.get(1).get("files"));
    // service: 5 of its own + console script + wsgi script + stray.pth
    assertEquals(8, layers.get(2).get("files"));
    // third party: 6 of its own + data file + skeleton's 2 files (not the lib64 link)
    assertEquals(9, layers.get(0).get("files"));
    long expected = 0;
    try (var files = Files.walk(venv.resolve(SP + "/oslo_messaging"));
        var meta = Files.walk(venv.resolve(SP + "/oslo_messaging-14.0.dist-info"))) {
      for (Path p : java.util.stream.Stream.concat(files, meta).filter(Files::isRegularFile).toList()) {
        expected += Files.size(p);
      }
    }
    assertEquals(expected, layers.get(1).get("bytes"));
  }

  @Test
  void layerBuilderFillsThreeLayersAndLeavesOutTheSkeletonsUnchangedFiles() throws Exception {
    String activateHash = sha256(venv.resolve("bin/activate"));
    VenvSkeleton skel = skeleton("m 644 /var/lib/openstack/bin/activate\nm 644 /var/lib/openstack/pyvenv.cfg\n"
        + activateHash + "  /var/lib/openstack/bin/activate\n"
        + "0".repeat(64) + "  /var/lib/openstack/pyvenv.cfg\n");
    Files.setPosixFilePermissions(venv.resolve("bin/activate"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(venv.resolve("pyvenv.cfg"), PosixFilePermissions.fromString("rw-r--r--"));
    DistributionLayerPlan plan = DistributionLayerPlan.of(venv, "forge-fixture", Set.of("oslo.messaging"), skel, VENV);
    List<FileEntriesLayer> layers = new VenvLayerBuilder(VENV, skel).build(venv, plan);
    assertEquals(List.of("venv-skeleton-and-third-party", "patched-libraries", "service"),
        layers.stream().map(FileEntriesLayer::getName).toList());
    List<String> bottom = paths(layers.get(0));
    assertFalse(bottom.contains(VENV + "/bin/activate"), "identical to python-base's");
    assertTrue(bottom.contains(VENV + "/pyvenv.cfg"), "content differs from python-base's");
    assertFalse(bottom.contains(VENV + "/lib64"), "symlinks stay in python-base");
    assertTrue(bottom.contains(VENV + "/" + SP + "/third_party/__init__.py"));
    assertTrue(paths(layers.get(2)).contains(VENV + "/bin/forge-fixture-wsgi"));
    assertFalse(paths(layers.get(2)).contains(VENV + "/bin"), "the directory is in the bottom layer");

    // Same content, other mode: python-base's file would be wrong, so it is added.
    Files.setPosixFilePermissions(venv.resolve("bin/activate"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertTrue(paths(new VenvLayerBuilder(VENV, skel).build(venv, plan).get(0)).contains(VENV + "/bin/activate"));
  }

  @Test
  void emptyLayersAreLeftOut() {
    DistributionLayerPlan plan = DistributionLayerPlan.of(venv, "forge-fixture", Set.of(), skeleton(""), VENV);
    List<FileEntriesLayer> layers = new VenvLayerBuilder(VENV, skeleton("")).build(venv, plan);
    assertEquals(List.of("venv-skeleton-and-third-party", "service"), layers.stream().map(FileEntriesLayer::getName).toList());
  }

  @Test
  void skeletonListingWithHashesRoundTripsAndOldListingsStillParse() {
    String listing = "d /v\nf /v/a\nl /v/l x\nm 755 /v/a\n" + "ab".repeat(32) + "  /v/a\n";
    VenvSkeleton s = VenvSkeleton.parse(listing);
    assertEquals(listing, s.render());
    assertEquals(3, s.entries().size());
    assertTrue(s.hasIdenticalFile("/v/a", 0755, "ab".repeat(32)));
    assertFalse(s.hasIdenticalFile("/v/a", 0644, "ab".repeat(32)));
    VenvSkeleton old = VenvSkeleton.parse("d /v\nf /v/a\n");
    assertNull(old.get("/v/a").orElseThrow().sha256());
    assertFalse(old.hasIdenticalFile("/v/a", 0755, "ab".repeat(32)));
  }

  /** The listing command, run for real on a directory: find, stat and sha256sum are everywhere forge runs. */
  @Test
  void listCommandPrintsModesAndHashes() throws Exception {
    Process p = new ProcessBuilder("sh", "-c", VenvSkeleton.listCommand(venv.toString())).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    VenvSkeleton s = VenvSkeleton.parse(out);
    String cfg = venv.resolve("pyvenv.cfg").toString();
    int mode = (Integer) Files.getAttribute(venv.resolve("pyvenv.cfg"), "unix:mode") & 07777;
    assertTrue(s.hasIdenticalFile(cfg, mode, sha256(venv.resolve("pyvenv.cfg"))));
    assertEquals('l', s.get(venv.resolve("lib64").toString()).orElseThrow().type());
    assertEquals(s.render(), VenvSkeleton.parse(s.render()).render());
  }

  /** A venv made by the real tools: python3 -m venv, then pip installs a wheel with a console script. */
  @Test
  void realPipInstalledVenv() throws Exception {
    assumeTrue(run(tmp, "python3", "-m", "pip", "--version") == 0, "python3 with pip");
    // A wheel written by hand (no `wheel` package needed): a module and a console script.
    Files.createDirectories(tmp.resolve("wheels"));
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("realdist/__init__.py", "def main():\n    print('hi')\n");
    files.put("real_dist-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: real.dist\nVersion: 1.0\n");
    files.put("real_dist-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
    files.put("real_dist-1.0.dist-info/entry_points.txt", "[console_scripts]\nrealdist = realdist:main\n");
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, String> f : files.entrySet()) {
      byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
      String hash = java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
      record.append(f.getKey()).append(",sha256=").append(hash).append(',').append(data.length).append('\n');
    }
    files.put("real_dist-1.0.dist-info/RECORD", record + "real_dist-1.0.dist-info/RECORD,,\n");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(
        tmp.resolve("wheels/real_dist-1.0-py3-none-any.whl")))) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    Path real = tmp.resolve("real");
    assertEquals(0, run(tmp, "python3", "-m", "venv", "--without-pip", real.toString()));
    assertEquals(0, run(tmp, "python3", "-m", "pip", "--python", real.resolve("bin/python").toString(), "install",
        "--no-index", "--find-links", tmp.resolve("wheels").toString(), "real.dist"));
    String sp;
    try (var dirs = Files.list(real.resolve("lib"))) {
      sp = "lib/" + dirs.findFirst().orElseThrow().getFileName() + "/site-packages";
    }
    DistributionLayerPlan plan = DistributionLayerPlan.of(real, "Real_Dist", Set.of(), null, VENV);
    assertEquals(2, plan.layerOf(sp + "/realdist/__init__.py", false));
    assertEquals(2, plan.layerOf("bin/realdist", false));
    try (var pyc = Files.list(real.resolve(sp + "/realdist/__pycache__"))) {
      String compiled = real.relativize(pyc.findFirst().orElseThrow()).toString();
      assertEquals("real-dist", plan.distributionOf(compiled));
    }
    assertEquals("real-dist", plan.distributionOf(sp + "/real_dist-1.0.dist-info/INSTALLER"));
  }

  private static int run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(120, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private static List<String> paths(FileEntriesLayer layer) {
    return layer.getEntries().stream().map(FileEntry::getExtractionPath).map(Object::toString).toList();
  }

  static String sha256(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
