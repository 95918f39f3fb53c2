package org.c5c3.forge.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.c5c3.forge.FileTrees;

/**
 * Keeps one of forge's cache directories bounded. Its entries (the direct children whose names
 * {@code isEntry} accepts) are ranked by last use, their modification time, which a build
 * refreshes with {@link #touch} on every hit, and all but the {@code keep} most recent are
 * removed. Without this every new base image digest adds a runtime-base tarball (~230 MB on the
 * test base) that nothing ever deletes.
 *
 * <p>An entry used within the last {@code grace} is never removed, however many there are, so a
 * build running beside this one (mvn -T, a second checkout sharing ~/.cache/forge) does not lose
 * the entry it is reading. Removal renames the entry away first, so no reader sees half of it.
 */
public final class CacheEviction {
  /** Entries used this recently are never evicted: a parallel build may be reading them. */
  public static final Duration GRACE = Duration.ofHours(1);

  private CacheEviction() {}

  /** Marks {@code entry} as used now. */
  public static void touch(Path entry) {
    try {
      if (Files.exists(entry)) {
        Files.setLastModifiedTime(entry, FileTime.from(Instant.now()));
      }
    } catch (IOException e) {
      // A cache that cannot be touched is evicted a little early; the build itself is unaffected.
    }
  }

  /**
   * Removes all but the {@code keep} most recently used entries of {@code dir} that are older
   * than {@code grace} at {@code now}. Returns the removed entries, oldest first.
   */
  public static List<Path> prune(Path dir, int keep, Duration grace, Predicate<String> isEntry, Instant now) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> entries;
    try (Stream<Path> children = Files.list(dir)) {
      entries = children.filter(p -> isEntry.test(p.getFileName().toString()))
          .sorted(Comparator.comparing(CacheEviction::lastUse).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing the cache " + dir, e);
    }
    List<Path> removed = new ArrayList<>();
    Instant cutoff = now.minus(grace);
    for (int i = entries.size() - 1; i >= keep; i--) {
      Path entry = entries.get(i);
      if (lastUse(entry).isBefore(cutoff) && remove(entry)) {
        removed.add(entry);
      }
    }
    return removed;
  }

  private static Instant lastUse(Path entry) {
    try {
      return Files.getLastModifiedTime(entry).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH; // gone or unreadable: first to go
    }
  }

  private static boolean remove(Path entry) {
    Path doomed = entry.resolveSibling(".evicted-" + UUID.randomUUID());
    try {
      Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      return false; // removed by a concurrent build, or in use where renaming is refused
    }
    FileTrees.deleteRecursively(doomed);
    return true;
  }
}
