package org.c5c3.forge.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A patched library's wheel gets a local version; everything pip checks must agree with it. */
class LocalVersionWheelTest {

  @TempDir Path tmp;

  private Path wheel(String name, String version) throws Exception {
    Path whl = tmp.resolve(name.replace('-', '_') + "-" + version + "-py3-none-any.whl");
    String info = name.replace('-', '_') + "-" + version + ".dist-info/";
    try (OutputStream os = Files.newOutputStream(whl); ZipOutputStream zip = new ZipOutputStream(os)) {
      for (String[] e : new String[][] {
          {"fixture_lib/__init__.py", "FLAVOUR = 'patched'\n"},
          {info + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n"},
          {info + "WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n"},
          {info + "RECORD", "stale\n"}}) {
        zip.putNextEntry(new ZipEntry(e[0]));
        zip.write(e[1].getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return whl;
  }

  private static Map<String, String> read(Path whl) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(whl.toFile())) {
      zip.stream().forEach(e -> {
        try {
          entries.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception ex) {
          throw new IllegalStateException(ex);
        }
      });
    }
    return entries;
  }

  @Test
  void theWheelNameDistInfoMetadataAndRecordCarryTheLocalVersion() throws Exception {
    LocalVersionWheel.Result r = LocalVersionWheel.relabel(wheel("fixture-lib", "1.0.0"), "c5c3.2", tmp.resolve("out"));
    assertEquals("1.0.0+c5c3.2", r.version());
    assertEquals("fixture_lib-1.0.0+c5c3.2-py3-none-any.whl", r.wheel().getFileName().toString());
    Map<String, String> entries = read(r.wheel());
    String info = "fixture_lib-1.0.0+c5c3.2.dist-info/";
    assertTrue(entries.get(info + "METADATA").contains("\nVersion: 1.0.0+c5c3.2\n"));
    assertEquals("FLAVOUR = 'patched'\n", entries.get("fixture_lib/__init__.py"));
    // RECORD lists every other file with its real hash and size, and itself without.
    String record = entries.get(info + "RECORD");
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (e.getKey().endsWith("RECORD")) {
        assertTrue(record.contains(e.getKey() + ",,\n"));
        continue;
      }
      byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
      String hash = Base64.getUrlEncoder().withoutPadding()
          .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertTrue(record.contains(e.getKey() + ",sha256=" + hash + "," + bytes.length + "\n"), record);
    }
    assertTrue(entries.keySet().stream().noneMatch(n -> n.startsWith("fixture_lib-1.0.0.dist-info/")));
  }

  @Test
  void relabellingTwiceGivesTheSameBytes() throws Exception {
    Path whl = wheel("fixture-lib", "1.0.0");
    byte[] first = Files.readAllBytes(LocalVersionWheel.relabel(whl, "c5c3.1", tmp.resolve("a")).wheel());
    byte[] second = Files.readAllBytes(LocalVersionWheel.relabel(whl, "c5c3.1", tmp.resolve("b")).wheel());
    assertArrayEquals(first, second);
  }

  @Test
  void badInputIsRefusedWithTheFileNamed() throws Exception {
    Path whl = wheel("fixture-lib", "1.0.0");
    assertTrue(assertThrows(ForgeException.class, () -> LocalVersionWheel.relabel(whl, "C5C3 1", tmp))
        .getMessage().contains("local version label"));
    Path local = LocalVersionWheel.relabel(whl, "c5c3.1", tmp.resolve("x")).wheel();
    assertTrue(assertThrows(ForgeException.class, () -> LocalVersionWheel.relabel(local, "c5c3.1", tmp))
        .getMessage().contains("already has a local version"));
  }
}
