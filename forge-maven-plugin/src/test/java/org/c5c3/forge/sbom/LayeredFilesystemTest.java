package org.c5c3.forge.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredFilesystemTest {
  @TempDir Path tmp;

  private static String text(Optional<byte[]> bytes) {
    return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  @Test
  void mergesGzipAndPlainLayersUpperWins() throws IOException {
    Path lower = tmp.resolve("lower.tar.gz");
    try (TarLayer l = TarLayer.gzip(lower)) {
      l.dir("etc").file("etc/hostname", "lower\n").file("etc/keep", "kept\n");
    }
    Path upper = tmp.resolve("upper.tar");
    try (TarLayer l = TarLayer.plain(upper)) {
      l.file("etc/hostname", "upper\n").file("./usr/share/doc/x/copyright", "c\n");
    }
    LayeredFilesystem fs = LayeredFilesystem.of(List.of(lower, upper));

    assertEquals("upper\n", text(fs.read("/etc/hostname")));
    assertEquals("kept\n", text(fs.read("/etc/keep")));
    // parents the tar did not list are implied
    assertEquals(List.of("etc", "usr"), fs.list("/"));
    assertTrue(fs.isDirectory("/usr/share/doc/x"));
    assertEquals("c\n", text(fs.read("/usr/share/doc/x/copyright")));
    assertTrue(fs.read("/etc").isEmpty(), "a directory has no contents");
    assertTrue(fs.read("/nope").isEmpty());
  }

  @Test
  void whiteoutDeletesFileAndWholeDirectoryOfLowerLayers() throws IOException {
    Path lower = tmp.resolve("1.tar.gz");
    try (TarLayer l = TarLayer.gzip(lower)) {
      l.file("usr/share/doc/foo/copyright", "foo\n")
          .file("usr/share/doc/foo/changelog", "log\n")
          .file("var/lib/dpkg/info/foo.md5sums", "abc  usr/bin/foo\n")
          .file("var/lib/dpkg/info/bar.md5sums", "def  usr/bin/bar\n");
    }
    Path upper = tmp.resolve("2.tar.gz");
    try (TarLayer l = TarLayer.gzip(upper)) {
      l.whiteout("usr/share/doc/foo").whiteout("var/lib/dpkg/info/foo.md5sums");
    }
    LayeredFilesystem fs = LayeredFilesystem.of(List.of(lower, upper));

    assertFalse(fs.exists("/usr/share/doc/foo"));
    assertFalse(fs.exists("/usr/share/doc/foo/copyright"));
    assertEquals(List.of(), fs.list("/usr/share/doc"));
    assertEquals(List.of("bar.md5sums"), fs.list("/var/lib/dpkg/info"));
    assertFalse(fs.list("/var/lib/dpkg/info").stream().anyMatch(n -> n.startsWith(".wh.")));
  }

  @Test
  void opaqueDirectoryHidesLowerContentsButKeepsItsOwnLayer() throws IOException {
    Path lower = tmp.resolve("1.tar");
    try (TarLayer l = TarLayer.plain(lower)) {
      l.file("venv/lib/old.py", "old").file("venv/lib/sub/deep.py", "deep").file("venv/other", "o");
    }
    Path upper = tmp.resolve("2.tar");
    try (TarLayer l = TarLayer.plain(upper)) {
      // the new file comes before the marker in the tar: order within a layer must not matter
      l.file("venv/lib/new.py", "new").opaque("venv/lib");
    }
    LayeredFilesystem fs = LayeredFilesystem.of(List.of(lower, upper));

    assertEquals(List.of("new.py"), fs.list("/venv/lib"));
    assertFalse(fs.exists("/venv/lib/sub/deep.py"));
    assertEquals("o", text(fs.read("/venv/other")));
  }

  @Test
  void resolvesRelativeAndAbsoluteLinksInsideTheImage() throws IOException {
    Path layer = tmp.resolve("l.tar.gz");
    try (TarLayer l = TarLayer.gzip(layer)) {
      l.file("usr/lib/os-release", "ID=debian\n")
          .symlink("etc/os-release", "../usr/lib/os-release")
          .symlink("venv/lib64", "lib")
          .file("venv/lib/python3.11/site-packages/a.py", "a")
          // absolute: must land in the image's /usr/lib, not the host's
          .symlink("venv/bin/python3", "/usr/lib/os-release")
          .symlink("loop/a", "b")
          .symlink("loop/b", "a")
          .symlink("dangling", "/does/not/exist")
          .symlink("dotdot", "../../../../usr/lib/os-release")
          .file("data/original", "shared bytes")
          .hardlink("data/hard", "data/original");
    }
    LayeredFilesystem fs = LayeredFilesystem.of(List.of(layer));

    assertEquals("ID=debian\n", text(fs.read("/etc/os-release")));
    assertEquals(Optional.of("/usr/lib/os-release"), fs.realPath("/etc/os-release"));
    assertEquals(List.of("python3.11"), fs.list("/venv/lib64"));
    assertEquals("a", text(fs.read("/venv/lib64/python3.11/site-packages/a.py")));
    assertEquals("ID=debian\n", text(fs.read("/venv/bin/python3")));
    assertEquals("ID=debian\n", text(fs.read("/dotdot")), ".. clamps at the image root");
    assertFalse(fs.exists("/loop/a"), "a link loop resolves to nothing");
    assertFalse(fs.exists("/dangling"));
    assertEquals("shared bytes", text(fs.read("/data/hard")));
    assertTrue(fs.list("/").contains("dangling"), "a dangling link is still listed");
  }

  @Test
  void entryBelowASymlinkedDirectoryLandsInItsTarget() throws IOException {
    Path lower = tmp.resolve("1.tar");
    try (TarLayer l = TarLayer.plain(lower)) {
      l.dir("usr/lib").symlink("lib", "usr/lib");
    }
    Path upper = tmp.resolve("2.tar");
    try (TarLayer l = TarLayer.plain(upper)) {
      l.file("lib/libfoo.so", "elf");
    }
    LayeredFilesystem fs = LayeredFilesystem.of(List.of(lower, upper));

    assertEquals("elf", text(fs.read("/usr/lib/libfoo.so")));
    assertEquals(Optional.of("/usr/lib"), fs.realPath("/lib"), "the merged-usr link survives");
  }

  @Test
  void readAllStreamsEachLayerOnceAndKeysByAskedPath() throws IOException {
    Path layer = tmp.resolve("l.tar.gz");
    try (TarLayer l = TarLayer.gzip(layer)) {
      l.file("a", "A").file("b", "B").symlink("c", "a");
    }
    LayeredFilesystem fs = LayeredFilesystem.of(List.of(layer));

    Map<String, byte[]> all = fs.readAll(List.of("/c", "/b", "/missing", "/a"));
    assertEquals(List.of("/c", "/b", "/a"), List.copyOf(all.keySet()));
    assertArrayEquals("A".getBytes(StandardCharsets.UTF_8), all.get("/c"));
    assertArrayEquals("B".getBytes(StandardCharsets.UTF_8), all.get("/b"));
  }

  @Test
  void zstdLayerIsRefusedWithAHint() throws IOException {
    Path zstd = tmp.resolve("layer.zst");
    Files.write(zstd, new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0});
    ForgeException e = assertThrows(ForgeException.class, () -> LayeredFilesystem.of(List.of(zstd)));
    assertTrue(e.getMessage().contains("zstd"), e.getMessage());
    assertTrue(e.getMessage().contains(zstd.toString()), e.getMessage());
  }

  @Test
  void directoryRootResolvesLinksInsideTheRootNotOnTheHost() throws IOException {
    Path root = tmp.resolve("rootfs");
    Files.createDirectories(root.resolve("usr/lib"));
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("usr/lib/os-release"), "ID=ubuntu\n");
    Files.createSymbolicLink(root.resolve("etc/os-release"), Path.of("../usr/lib/os-release"));
    // An absolute link: on the host /usr/lib/os-release is something else (or absent).
    Files.createSymbolicLink(root.resolve("etc/abs"), Path.of("/usr/lib/os-release"));
    Files.createSymbolicLink(root.resolve("lib64"), Path.of("usr/lib"));
    LayeredFilesystem fs = LayeredFilesystem.ofDirectory(root);

    assertEquals("ID=ubuntu\n", text(fs.read("/etc/os-release")));
    assertEquals("ID=ubuntu\n", text(fs.read("/etc/abs")));
    assertEquals(List.of("os-release"), fs.list("/lib64"));
    assertEquals(List.of("etc", "lib64", "usr"), fs.list("/"));
    assertFalse(fs.exists("/etc/missing"));
  }
}
