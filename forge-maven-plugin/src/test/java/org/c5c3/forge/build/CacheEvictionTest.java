package org.c5c3.forge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eviction on a real directory: files and directories with set modification times. */
class CacheEvictionTest {
  @TempDir Path dir;
  final Instant now = Instant.parse("2026-11-27T12:00:00Z");

  private Path entry(String name, Duration age, boolean directory) throws Exception {
    Path p = dir.resolve(name);
    if (directory) {
      Files.createDirectories(p.resolve("venv/bin"));
      Files.writeString(p.resolve("venv/bin/python"), "#!");
    } else {
      Files.writeString(p, name);
    }
    Files.setLastModifiedTime(p, FileTime.from(now.minus(age)));
    return p;
  }

  private List<String> left() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void keepsTheMostRecentlyUsedAndRemovesTheRestOldestFirst() throws Exception {
    entry("a.docker.tar", Duration.ofDays(5), false);
    entry("b.docker.tar", Duration.ofDays(3), false);
    entry("c.docker.tar", Duration.ofDays(1), false);
    entry("d.docker.tar", Duration.ofHours(2), false);
    List<Path> removed = CacheEviction.prune(dir, 2, Duration.ofHours(1), n -> n.endsWith(".docker.tar"), now);
    assertEquals(List.of("a.docker.tar", "b.docker.tar"), removed.stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(List.of("c.docker.tar", "d.docker.tar"), left());
  }

  @Test
  void aTouchedEntryCountsAsJustUsed() throws Exception {
    Path old = entry("a.docker.tar", Duration.ofDays(5), false);
    entry("b.docker.tar", Duration.ofDays(3), false);
    CacheEviction.touch(old);
    CacheEviction.prune(dir, 1, Duration.ofHours(1), n -> n.endsWith(".docker.tar"), Instant.now().plus(Duration.ofHours(2)));
    assertEquals(List.of("a.docker.tar"), left());
  }

  @Test
  void entriesWithinTheGraceStayWhateverTheCount() throws Exception {
    entry("a.docker.tar", Duration.ofMinutes(50), false);
    entry("b.docker.tar", Duration.ofMinutes(20), false);
    entry("c.docker.tar", Duration.ofMinutes(5), false);
    assertTrue(CacheEviction.prune(dir, 1, Duration.ofHours(1), n -> n.endsWith(".docker.tar"), now).isEmpty());
    assertEquals(3, left().size());
  }

  @Test
  void directoriesGoWholeAndOtherNamesAreLeftAlone() throws Exception {
    String k1 = "1".repeat(64);
    String k2 = "2".repeat(64);
    entry(k1, Duration.ofDays(2), true);
    entry(k2, Duration.ofDays(1), true);
    Files.createDirectories(dir.resolve("deps"));
    Files.setLastModifiedTime(dir.resolve("deps"), FileTime.from(now.minus(Duration.ofDays(9))));
    CacheEviction.prune(dir, 1, Duration.ofHours(1), n -> n.matches("[0-9a-f]{64}"), now);
    assertEquals(List.of(k2, "deps"), left(), "the older venv is gone, with everything in it; deps/ is not an entry");
  }

  @Test
  void aMissingDirectoryHasNothingToPrune() {
    assertTrue(CacheEviction.prune(dir.resolve("none"), 1, Duration.ZERO, n -> true, now).isEmpty());
  }
}
