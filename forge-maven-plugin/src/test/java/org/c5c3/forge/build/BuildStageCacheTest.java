package org.c5c3.forge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class BuildStageCacheTest {

  @TempDir Path tmp;
  final List<String> log = new ArrayList<>();

  static final BuildStageCache.Inputs BASE = new BuildStageCache.Inputs(
      "sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), "uv", "uv pip install /tmp/forge/src\n",
      "oslo.config===9.0.0\n", "c".repeat(64), "d".repeat(64), Map.of("oslo.messaging", "e".repeat(64)),
      Map.of("/forge/find-links/0", "f".repeat(64)), List.of("ldap"), List.of("python-memcached"),
      "linux/amd64", Map.of("SOURCE_DATE_EPOCH", "1759320000"));

  /** One case per input: each must change the full key. */
  static final Map<String, UnaryOperator<BuildStageCache.Inputs>> CHANGES = Map.ofEntries(
      Map.entry("venv-builder", i -> with(i, 0, "sha256:" + "0".repeat(64))),
      Map.entry("python-base", i -> with(i, 1, "sha256:" + "0".repeat(64))),
      Map.entry("installer", i -> with(i, 2, "pip")),
      Map.entry("installer script", i -> with(i, 3, "uv pip install --no-index /tmp/forge/src\n")),
      Map.entry("constraints", i -> with(i, 4, "oslo.config===9.0.1\n")),
      Map.entry("source tree", i -> with(i, 5, "0".repeat(64))),
      Map.entry("service dependencies", i -> with(i, 6, "0".repeat(64))),
      Map.entry("library content", i -> with(i, 7, Map.of("oslo.messaging", "0".repeat(64)))),
      Map.entry("library set", i -> with(i, 7, Map.of())),
      Map.entry("wheel directory", i -> with(i, 8, Map.of("/forge/find-links/0", "0".repeat(64)))),
      Map.entry("extras", i -> with(i, 9, List.of("ldap", "oauth1"))),
      Map.entry("pip packages", i -> with(i, 10, List.of())),
      Map.entry("platform", i -> with(i, 11, "linux/arm64")),
      Map.entry("environment", i -> with(i, 12, Map.of("SOURCE_DATE_EPOCH", "1759320001"))));

  static Stream<String> inputs() {
    return CHANGES.keySet().stream().sorted();
  }

  /** A wrong hit ships a stale venv: each input, changed alone, must miss. */
  @ParameterizedTest(name = "{0} changes the key")
  @MethodSource("inputs")
  void everyInputChangesTheKey(String input) {
    String key = BuildStageCache.key(BASE);
    assertEquals(key, BuildStageCache.key(with(BASE, 0, BASE.venvBuilderDigest())), "the same inputs, the same key");
    assertNotEquals(key, BuildStageCache.key(CHANGES.get(input).apply(BASE)), input);
  }

  @Test
  void aChangedInputMissesTheRealCache() throws IOException {
    BuildStageCache cache = new BuildStageCache(tmp.resolve("cache"), log::add);
    cache.store(BASE, venv(tmp.resolve("work/venv")));
    assertTrue(cache.restore(BuildStageCache.key(BASE), tmp.resolve("out/venv")));
    for (Map.Entry<String, UnaryOperator<BuildStageCache.Inputs>> c : CHANGES.entrySet()) {
      assertFalse(cache.restore(BuildStageCache.key(c.getValue().apply(BASE)), tmp.resolve("out/venv")), c.getKey());
    }
  }

  @Test
  void everyInputButTheServiceSourceChangesTheDependencyKey() {
    String dep = BuildStageCache.dependencyKey(BASE);
    CHANGES.forEach((what, change) -> {
      String changed = BuildStageCache.dependencyKey(change.apply(BASE));
      if (what.equals("source tree") || what.equals("environment")) {
        assertEquals(dep, changed, what + " must not change the dependency set");
      } else {
        assertNotEquals(dep, changed, what);
      }
    });
    // Whether SOURCE_DATE_EPOCH is set at all changes what installers write.
    assertNotEquals(dep, BuildStageCache.dependencyKey(with(BASE, 12, Map.of())));
    assertNotEquals(BuildStageCache.key(BASE), dep);
  }

  @Test
  void listOrderAndValueBoundariesCount() {
    assertNotEquals(BuildStageCache.key(with(BASE, 9, List.of("a", "b"))), BuildStageCache.key(with(BASE, 9, List.of("b", "a"))));
    assertNotEquals(BuildStageCache.key(with(BASE, 9, List.of("a,b"))), BuildStageCache.key(with(BASE, 9, List.of("a", "b"))));
  }

  @Test
  void sourceTreeHashSeesContentNamesExecBitsAndLinksButNotTheDirectory() throws IOException {
    Path a = tree(tmp.resolve("one/src"));
    Path b = tree(tmp.resolve("elsewhere/deeper/src"));
    Files.setLastModifiedTime(b.resolve("pkg/mod.py"), FileTime.fromMillis(0));
    Files.writeString(b.resolve(".git/HEAD"), "other\n");
    String hash = SourceTreeHash.of(a);
    assertEquals(hash, SourceTreeHash.of(b), "another directory, other times, another .git");
    Files.setPosixFilePermissions(b.resolve("pkg/mod.py"), PosixFilePermissions.fromString("rw-rw-r--"));
    assertEquals(hash, SourceTreeHash.of(b), "group write is the umask's, not the source's");

    Files.writeString(b.resolve("pkg/mod.py"), "x = 2\n");
    assertNotEquals(hash, SourceTreeHash.of(b), "content");
    b = tree(tmp.resolve("b2/src"));
    Files.setPosixFilePermissions(b.resolve("pkg/mod.py"), PosixFilePermissions.fromString("rwxr-xr-x"));
    assertNotEquals(hash, SourceTreeHash.of(b), "exec bit");
    b = tree(tmp.resolve("b3/src"));
    Files.move(b.resolve("pkg/mod.py"), b.resolve("pkg/mod2.py"));
    assertNotEquals(hash, SourceTreeHash.of(b), "name");
    b = tree(tmp.resolve("b4/src"));
    Files.delete(b.resolve("link"));
    Files.createSymbolicLink(b.resolve("link"), Path.of("setup.cfg"));
    assertNotEquals(hash, SourceTreeHash.of(b), "link target");
    b = tree(tmp.resolve("b5/src"));
    Files.createDirectories(b.resolve("empty"));
    assertNotEquals(hash, SourceTreeHash.of(b), "an empty directory");
  }

  @Test
  void dependencyDeclarationsIgnoreCodeButNotRequirements() throws IOException {
    Path a = tree(tmp.resolve("a"));
    String deps = SourceTreeHash.dependencyDeclarations(a);
    Files.writeString(a.resolve("pkg/mod.py"), "x = 3\n");
    assertEquals(deps, SourceTreeHash.dependencyDeclarations(a));
    Files.writeString(a.resolve("requirements.txt"), "oslo.config>=9\nrequests\n");
    assertNotEquals(deps, SourceTreeHash.dependencyDeclarations(a));
  }

  @Test
  void storeAndRestoreKeepLinksModesAndTimes() throws IOException {
    Path venv = venv(tmp.resolve("work/venv"));
    BuildStageCache cache = new BuildStageCache(tmp.resolve("cache"), log::add);
    String key = BuildStageCache.key(BASE);
    assertFalse(cache.restore(key, tmp.resolve("out/venv")));
    Path entry = cache.store(BASE, venv);
    assertEquals(tmp.resolve("cache/build-stage").resolve(key), entry);
    assertTrue(Files.readString(entry.resolve("key.json")).contains("\"constraints\" : \"oslo.config===9.0.0\\n\""));

    Path out = tmp.resolve("out/venv");
    Files.createDirectories(out.resolve("stale"));
    assertTrue(cache.restore(key, out));
    assertTrue(log.stream().anyMatch(l -> l.startsWith("build-stage cache hit: " + key)), log.toString());
    assertFalse(Files.exists(out.resolve("stale")), "the target is replaced");
    assertTrue(Files.isSymbolicLink(out.resolve("bin/python3")));
    assertEquals(Path.of("/usr/bin/python3"), Files.readSymbolicLink(out.resolve("bin/python3")));
    assertEquals(Path.of("lib"), Files.readSymbolicLink(out.resolve("lib64")));
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("bin/tool"))));
    assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("pyvenv.cfg"))));
    assertEquals(FileTime.fromMillis(1_000_000_000L), Files.getLastModifiedTime(out.resolve("bin/tool")));
    assertEquals("#!/var/lib/openstack/bin/python\n", Files.readString(out.resolve("bin/tool")));

    // The dependency set points at the same entry, whatever the service's source.
    BuildStageCache.Inputs changedSource = with(BASE, 5, "0".repeat(64));
    assertEquals(entry.resolve("venv"), cache.dependencyVenv(BuildStageCache.dependencyKey(changedSource)).orElseThrow());
    assertTrue(cache.dependencyVenv(BuildStageCache.dependencyKey(with(BASE, 4, "other\n"))).isEmpty());
  }

  @Test
  void aCacheDirElsewhereWithTheSameInputsHits() throws IOException {
    Path venv = venv(tmp.resolve("w1/venv"));
    new BuildStageCache(tmp.resolve("c1"), log::add).store(BASE, venv);
    BuildStageCache.copyTree(tmp.resolve("c1"), tmp.resolve("moved/c2"));
    assertTrue(new BuildStageCache(tmp.resolve("moved/c2"), log::add).restore(BuildStageCache.key(BASE), tmp.resolve("w2/venv")));
  }

  @Test
  void anEntryWithoutItsCompletionMarkerIsIgnoredAndReplaced() throws IOException {
    Path venv = venv(tmp.resolve("work/venv"));
    BuildStageCache cache = new BuildStageCache(tmp.resolve("cache"), log::add);
    String key = BuildStageCache.key(BASE);
    Path entry = cache.store(BASE, venv);
    Files.delete(entry.resolve("complete"));
    Files.delete(entry.resolve("venv/pyvenv.cfg")); // as if the copy had been cut short
    assertFalse(cache.restore(key, tmp.resolve("out/venv")));
    assertTrue(cache.dependencyVenv(BuildStageCache.dependencyKey(BASE)).isEmpty());
    assertTrue(log.stream().anyMatch(l -> l.contains("ignoring the incomplete entry")), log.toString());

    cache.store(BASE, venv);
    assertTrue(cache.restore(key, tmp.resolve("out/venv")));
    assertTrue(Files.isRegularFile(tmp.resolve("out/venv/pyvenv.cfg")));
  }

  private static Path tree(Path root) throws IOException {
    Files.createDirectories(root.resolve("pkg"));
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(root.resolve("setup.cfg"), "[metadata]\nname = x\n");
    Files.writeString(root.resolve("pkg/mod.py"), "x = 1\n");
    Files.setPosixFilePermissions(root.resolve("pkg/mod.py"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(root.resolve("link"), Path.of("pkg/mod.py"));
    return root;
  }

  private static Path venv(Path venv) throws IOException {
    Files.createDirectories(venv.resolve("bin"));
    Files.createDirectories(venv.resolve("lib/python3.11/site-packages"));
    Files.createSymbolicLink(venv.resolve("bin/python3"), Path.of("/usr/bin/python3"));
    Files.createSymbolicLink(venv.resolve("lib64"), Path.of("lib"));
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    Files.setPosixFilePermissions(venv.resolve("pyvenv.cfg"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(venv.resolve("bin/tool"), "#!/var/lib/openstack/bin/python\n");
    Files.setPosixFilePermissions(venv.resolve("bin/tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setLastModifiedTime(venv.resolve("bin/tool"), FileTime.fromMillis(1_000_000_000L));
    return venv;
  }

  @SuppressWarnings("unchecked")
  static BuildStageCache.Inputs with(BuildStageCache.Inputs i, int field, Object v) {
    return new BuildStageCache.Inputs(
        field == 0 ? (String) v : i.venvBuilderDigest(),
        field == 1 ? (String) v : i.pythonBaseDigest(),
        field == 2 ? (String) v : i.installer(),
        field == 3 ? (String) v : i.installerScript(),
        field == 4 ? (String) v : i.constraints(),
        field == 5 ? (String) v : i.sourceTree(),
        field == 6 ? (String) v : i.serviceDependencies(),
        field == 7 ? (Map<String, String>) v : i.libraries(),
        field == 8 ? (Map<String, String>) v : i.wheelDirectories(),
        field == 9 ? (List<String>) v : i.extras(),
        field == 10 ? (List<String>) v : i.pipPackages(),
        field == 11 ? (String) v : i.platform(),
        field == 12 ? (Map<String, String>) v : i.environment());
  }
}
