package org.c5c3.forge.patch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A copy of the work-tree files a patch series may touch, and of the git index, taken before the
 * series runs, so that a failed series (or a dry run) can put the tree back exactly: same bytes,
 * same permissions, same modification times, no new files or directories left behind.
 *
 * <p>Copying only the touched paths, rather than the whole checkout, keeps this cheap for large
 * services such as nova.
 */
final class WorkTreeSnapshot implements AutoCloseable {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /**
   * One path as it was.
   *
   * @param target the path in the work tree
   * @param backup its copy, or null when it did not exist
   * @param createdRoot the outermost missing parent directory of a missing path, or null
   * @param modified the modification time, set again after the copy because a copy keeps it
   *     only to the microsecond
   */
  private record Entry(Path target, Path backup, Path createdRoot, FileTime modified) {}

  private final Path backupDir;
  private final List<Entry> entries;
  private final Path indexFile;
  private final Path indexBackup;
  private final FileTime indexModified;

  private WorkTreeSnapshot(Path backupDir, List<Entry> entries, Path indexFile, Path indexBackup,
      FileTime indexModified) {
    this.backupDir = backupDir;
    this.indexModified = indexModified;
    this.entries = entries;
    this.indexFile = indexFile;
    this.indexBackup = indexBackup;
  }

  /**
   * Copies the given paths (relative to the work tree, already checked to stay inside it) and the
   * index.
   */
  static WorkTreeSnapshot take(Path workTree, Path indexFile, Collection<String> paths)
      throws IOException {
    Path backupDir = Files.createTempDirectory("forge-patch-snapshot-");
    List<Entry> entries = new ArrayList<>();
    int n = 0;
    for (String path : new LinkedHashSet<>(paths)) {
      Path target = workTree.resolve(path);
      if (Files.isDirectory(target, NOFOLLOW)) {
        // A patch cannot replace a directory; the applier reports that before touching it.
        continue;
      }
      if (Files.exists(target, NOFOLLOW)) {
        Path backup = backupDir.resolve("f" + n++);
        Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
        entries.add(new Entry(target, backup, null, Files.getLastModifiedTime(target, NOFOLLOW)));
      } else {
        entries.add(new Entry(target, null, outermostMissingParent(workTree, target), null));
      }
    }
    Path indexBackup = null;
    FileTime indexModified = null;
    if (Files.exists(indexFile)) {
      indexBackup = backupDir.resolve("index");
      Files.copy(indexFile, indexBackup, StandardCopyOption.COPY_ATTRIBUTES);
      indexModified = Files.getLastModifiedTime(indexFile);
    }
    return new WorkTreeSnapshot(backupDir, entries, indexFile, indexBackup, indexModified);
  }

  private static Path outermostMissingParent(Path workTree, Path target) {
    Path missing = null;
    for (Path dir = target.getParent(); dir != null && !dir.equals(workTree); dir = dir.getParent()) {
      if (Files.exists(dir, NOFOLLOW)) {
        break;
      }
      missing = dir;
    }
    return missing;
  }

  /** Puts every recorded path and the index back as they were when the snapshot was taken. */
  void restore() throws IOException {
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry entry = entries.get(i);
      if (entry.backup() != null) {
        Files.createDirectories(entry.target().getParent());
        Files.copy(entry.backup(), entry.target(), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
        if (!Files.isSymbolicLink(entry.target())) {
          Files.setLastModifiedTime(entry.target(), entry.modified());
        }
      } else {
        if (!Files.isDirectory(entry.target(), NOFOLLOW)) {
          Files.deleteIfExists(entry.target());
        }
        if (entry.createdRoot() != null) {
          deleteTree(entry.createdRoot());
        }
      }
    }
    if (indexBackup != null) {
      Files.copy(indexBackup, indexFile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.COPY_ATTRIBUTES);
      Files.setLastModifiedTime(indexFile, indexModified);
    } else {
      Files.deleteIfExists(indexFile);
    }
  }

  /** Deletes the copies; the work tree is not touched. */
  @Override
  public void close() throws IOException {
    deleteTree(backupDir);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, NOFOLLOW)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
