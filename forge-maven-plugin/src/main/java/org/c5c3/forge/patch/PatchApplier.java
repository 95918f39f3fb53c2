package org.c5c3.forge.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.c5c3.forge.ForgeException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.diff.DiffEntry.ChangeType;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FileHeader.PatchType;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.HunkHeader;
import org.eclipse.jgit.patch.Patch;

/**
 * Applies a {@link PatchSeries} to a git work tree with JGit, or checks that it would apply.
 *
 * <p>JGit's {@code PatchApplier} (the engine behind {@code ApplyCommand}) does the hunk work; it
 * is called directly, one file of a patch at a time, because {@code ApplyCommand} folds all
 * problems into one string and this class must say which patch, file and hunk failed. Around it
 * this class closes the gaps where JGit would be quiet or lossy:
 * <ul>
 *   <li>every failure names the patch file, the target file and, for a hunk, its {@code @@}
 *       header and its number within that file;</li>
 *   <li>a "Binary files … differ" entry (no data) fails instead of being skipped;</li>
 *   <li>a diff without mode information keeps the mode of an existing executable file (JGit
 *       would clear the executable bit);</li>
 *   <li>a deletion is checked against the file's content (JGit deletes unconditionally);</li>
 *   <li>symlink and submodule entries, which JGit would write as regular files, fail;</li>
 *   <li>a failed series leaves the work tree and index exactly as they were: the touched files
 *       are copied before the series and put back afterwards (see {@link WorkTreeSnapshot}).</li>
 * </ul>
 * JGit has no fuzz: a hunk applies where its context matches exactly, possibly at shifted line
 * numbers, or not at all.
 */
public final class PatchApplier {

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String HINT =
      "Refresh the patch against this source (git am, fix, git format-patch; see docs/patching.md).";

  /** A patch parsed by JGit, with the work-tree paths it may touch. */
  private record ParsedPatch(PatchFile file, Patch patch, List<String> paths) {}

  /**
   * Applies the series in order. On the first patch that does not apply, the work tree and index
   * are restored to their state before the series and a {@link ForgeException} names the patch,
   * file and hunk. Malformed patches are found before anything is touched.
   *
   * @return the applied patches and the files each touched
   */
  public AppliedSeries apply(Path workTree, PatchSeries series) {
    if (series.isEmpty()) {
      return new AppliedSeries(series, List.of());
    }
    try (Repository repo = open(workTree)) {
      List<ParsedPatch> parsed = new ArrayList<>();
      for (PatchFile file : series.patches()) {
        parsed.add(parse(file));
      }
      List<String> allPaths = parsed.stream().flatMap(p -> p.paths().stream()).toList();
      try (WorkTreeSnapshot before = snapshot(repo, allPaths)) {
        List<AppliedPatch> applied = new ArrayList<>();
        for (ParsedPatch patch : parsed) {
          List<String> problems;
          try {
            problems = applyPatch(repo, patch);
          } catch (RuntimeException e) {
            restore(before, "applying " + patch.file().displayPath());
            throw e;
          }
          if (!problems.isEmpty()) {
            restore(before, "applying " + patch.file().displayPath());
            throw new ForgeException(String.join("\n", problems) + "\n" + HINT
                + " The " + series.component() + " source is as it was before the "
                + series.release() + " series" + (applied.isEmpty() ? "." : " (" + applied.size()
                + " earlier patch" + (applied.size() == 1 ? "" : "es") + " rolled back)."));
          }
          applied.add(new AppliedPatch(patch.file(), patch.paths()));
        }
        return new AppliedSeries(series, applied);
      } catch (IOException e) {
        throw new ForgeException("Cannot apply " + series.directory() + " to " + workTree + ": " + e, e);
      }
    }
  }

  /**
   * Checks every patch of the series, in order, without leaving a trace: each patch is tried on
   * top of the ones before it that applied, and afterwards the work tree and index are restored
   * byte for byte (permissions and modification times included). A failing patch is rolled back
   * and the check goes on, so one run reports every broken patch.
   */
  public List<PatchResult> check(Path workTree, PatchSeries series) {
    if (series.isEmpty()) {
      return List.of();
    }
    try (Repository repo = open(workTree)) {
      // A malformed patch becomes a failed row; the others are still tried.
      List<ParsedPatch> parsed = new ArrayList<>();
      List<String> parseProblems = new ArrayList<>();
      List<String> allPaths = new ArrayList<>();
      for (PatchFile file : series.patches()) {
        try {
          ParsedPatch patch = parse(file);
          parsed.add(patch);
          parseProblems.add(null);
          allPaths.addAll(patch.paths());
        } catch (ForgeException e) {
          parsed.add(null);
          parseProblems.add(e.getMessage());
        }
      }
      List<PatchResult> results = new ArrayList<>();
      try (WorkTreeSnapshot before = snapshot(repo, allPaths)) {
        try {
          for (int i = 0; i < parsed.size(); i++) {
            PatchFile file = series.patches().get(i);
            ParsedPatch patch = parsed.get(i);
            if (patch == null) {
              results.add(PatchResult.failed(file, parseProblems.get(i)));
              continue;
            }
            try (WorkTreeSnapshot beforePatch = snapshot(repo, patch.paths())) {
              List<String> problems = applyPatch(repo, patch);
              if (problems.isEmpty()) {
                results.add(PatchResult.ok(file));
              } else {
                restore(beforePatch, "checking " + file.displayPath());
                results.add(PatchResult.failed(file, String.join("\n", problems)));
              }
            }
          }
        } finally {
          restore(before, "checking " + series.directory());
        }
        return List.copyOf(results);
      } catch (IOException e) {
        throw new ForgeException("Cannot check " + series.directory() + " against " + workTree + ": " + e, e);
      }
    }
  }

  private static Repository open(Path workTree) {
    try {
      Repository repo = Git.open(workTree.toFile()).getRepository();
      if (repo.isBare()) {
        repo.close();
        throw new ForgeException(workTree + " is a bare repository; patches need a checked-out work tree.");
      }
      return repo;
    } catch (RepositoryNotFoundException e) {
      throw new ForgeException(workTree + " is not a git work tree; patches are applied to a"
          + " source checked out with git.", e);
    } catch (IOException e) {
      throw new ForgeException("Cannot open the git repository at " + workTree + ": " + e, e);
    }
  }

  private static WorkTreeSnapshot snapshot(Repository repo, List<String> paths) throws IOException {
    return WorkTreeSnapshot.take(repo.getWorkTree().toPath(), repo.getIndexFile().toPath(), paths);
  }

  private static void restore(WorkTreeSnapshot snapshot, String doing) {
    try {
      snapshot.restore();
    } catch (IOException e) {
      throw new ForgeException("Could not restore the work tree after " + doing + ": " + e
          + ". The source may be partly patched; check it out again.", e);
    }
  }

  /** Parses with JGit; a format error or a patch without any diff fails, naming the line. */
  private static ParsedPatch parse(PatchFile file) {
    byte[] bytes = file.bytes();
    Patch patch = new Patch();
    patch.parse(bytes, 0, bytes.length);
    if (!patch.getErrors().isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (FormatError error : patch.getErrors()) {
        lines.add("line " + lineOf(bytes, error.getOffset()) + ": " + error.getMessage()
            + " [" + error.getLineText().strip() + "]");
      }
      throw new ForgeException(file.displayPath() + ": malformed patch: " + String.join("; ", lines)
          + ". Regenerate it with git format-patch rather than editing hunks by hand.");
    }
    if (patch.getFiles().isEmpty()) {
      throw new ForgeException(file.displayPath() + ": contains no diff. A patch must be"
          + " git format-patch output with at least one 'diff --git' section.");
    }
    TreeSet<String> paths = new TreeSet<>();
    for (FileHeader fh : patch.getFiles()) {
      switch (fh.getChangeType()) {
        case ADD, COPY -> paths.add(checkedPath(file, fh.getNewPath()));
        case DELETE, MODIFY -> paths.add(checkedPath(file, fh.getOldPath()));
        case RENAME -> {
          paths.add(checkedPath(file, fh.getOldPath()));
          paths.add(checkedPath(file, fh.getNewPath()));
        }
      }
    }
    return new ParsedPatch(file, patch, List.copyOf(paths));
  }

  private static int lineOf(byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < Math.min(offset, bytes.length); i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Refuses paths that would leave the work tree or touch git's own files. */
  private static String checkedPath(PatchFile file, String path) {
    boolean bad = path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || Path.of(path).normalize().startsWith("..") || !Path.of(path).normalize().toString().equals(path)
        || path.equals(Constants.DOT_GIT) || path.startsWith(Constants.DOT_GIT + "/");
    if (bad) {
      throw new ForgeException(file.displayPath() + ": refers to the path '" + path + "', which is not"
          + " a plain path inside the source tree.");
    }
    return path;
  }

  /** Applies one patch, file by file; returns the problems, empty when it applied. */
  private static List<String> applyPatch(Repository repo, ParsedPatch patch) {
    List<String> problems = new ArrayList<>();
    for (FileHeader fh : patch.patch().getFiles()) {
      String problem;
      try {
        problem = applyFile(repo, patch.file(), fh);
      } catch (IOException e) {
        problem = patch.file().displayPath() + ": cannot apply to " + target(fh) + ": " + e;
      }
      if (problem != null) {
        problems.add(problem);
      }
    }
    return problems;
  }

  private static String target(FileHeader fh) {
    return fh.getChangeType() == ChangeType.ADD || fh.getChangeType() == ChangeType.COPY
        ? fh.getNewPath()
        : fh.getOldPath();
  }

  /** Applies one file's diff; returns a problem, or null when it applied. */
  private static String applyFile(Repository repo, PatchFile file, FileHeader fh) throws IOException {
    String name = file.displayPath();
    String target = target(fh);
    ChangeType type = fh.getChangeType();
    Path work = repo.getWorkTree().toPath();

    if (fh.getPatchType() == PatchType.BINARY) {
      return name + ": " + target + " is a binary change without data (\"Binary files ... differ\"),"
          + " which cannot be applied. Regenerate the patch with git format-patch (it writes a"
          + " 'GIT binary patch' by default) or git diff --binary.";
    }
    for (FileMode mode : new FileMode[] {fh.getOldMode(), fh.getNewMode()}) {
      if (mode == FileMode.SYMLINK || mode == FileMode.GITLINK) {
        return name + ": " + target + " is a " + (mode == FileMode.SYMLINK ? "symbolic link" : "submodule")
            + "; patches to those are not supported. Patch the files they point to instead.";
      }
    }
    boolean needsSource = type != ChangeType.ADD;
    boolean createsTarget = type == ChangeType.ADD || type == ChangeType.RENAME || type == ChangeType.COPY;
    Path source = needsSource ? work.resolve(fh.getOldPath()) : null;
    if (needsSource && !Files.isRegularFile(source, NOFOLLOW)) {
      return name + ": cannot " + verb(type) + " " + fh.getOldPath() + ": no such file in the source tree.";
    }
    if (createsTarget && Files.exists(work.resolve(fh.getNewPath()), NOFOLLOW)) {
      return name + ": cannot " + verb(type) + " " + fh.getNewPath() + ": it already exists in the source tree.";
    }
    if (type == ChangeType.DELETE) {
      String problem = deletionProblem(name, source, fh);
      if (problem != null) {
        return problem;
      }
    }
    // JGit writes a diff without mode lines as a regular file; keep an executable one executable.
    Set<PosixFilePermission> keepPermissions = null;
    if ((type == ChangeType.MODIFY || type == ChangeType.RENAME) && fh.getNewMode() == null) {
      Set<PosixFilePermission> permissions = posixPermissions(source);
      if (permissions != null && permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
        keepPermissions = permissions;
      }
    }

    Patch single = new Patch();
    single.addFile(fh);
    org.eclipse.jgit.patch.PatchApplier.Result result =
        new org.eclipse.jgit.patch.PatchApplier(repo).applyPatch(single);
    if (!result.getErrors().isEmpty()) {
      return describe(name, target, fh, result.getErrors());
    }
    if (keepPermissions != null) {
      Files.setPosixFilePermissions(work.resolve(fh.getNewPath()), keepPermissions);
      markExecutableInIndex(repo, fh.getNewPath());
    }
    return null;
  }

  private static String verb(ChangeType type) {
    return switch (type) {
      case ADD -> "create";
      case DELETE -> "delete";
      case RENAME -> "rename";
      case COPY -> "copy";
      case MODIFY -> "patch";
    };
  }

  private static Set<PosixFilePermission> posixPermissions(Path path) throws IOException {
    try {
      return Files.getPosixFilePermissions(path, NOFOLLOW);
    } catch (UnsupportedOperationException e) {
      return null; // not a POSIX file system: there is no executable bit to keep
    }
  }

  private static void markExecutableInIndex(Repository repo, String path) throws IOException {
    DirCache index = repo.lockDirCache();
    try {
      DirCacheEntry entry = index.getEntry(path);
      if (entry != null) {
        entry.setFileMode(FileMode.EXECUTABLE_FILE);
        index.write();
        index.commit();
      }
    } finally {
      index.unlock();
    }
  }

  /**
   * JGit deletes a file without comparing it with the patch; git refuses when they differ, and so
   * does this.
   */
  private static String deletionProblem(String name, Path source, FileHeader fh) throws IOException {
    byte[] actual = Files.readAllBytes(source);
    if (fh.getPatchType() == PatchType.GIT_BINARY) {
      if (fh.getOldId() != null && fh.getOldId().isComplete()) {
        ObjectId id;
        try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
          id = formatter.idFor(Constants.OBJ_BLOB, actual);
        }
        if (!id.equals(fh.getOldId().toObjectId())) {
          return name + ": cannot delete " + fh.getOldPath() + ": its content differs from the"
              + " patch's (blob " + id.name() + ", patch expects " + fh.getOldId().name() + ").";
        }
      }
      return null;
    }
    StringBuilder expected = new StringBuilder();
    for (HunkHeader hunk : fh.getHunks()) {
      String body = new String(hunk.getBuffer(), hunk.getStartOffset(),
          hunk.getEndOffset() - hunk.getStartOffset(), StandardCharsets.UTF_8);
      String[] lines = body.split("\n", -1);
      for (int i = 1; i < lines.length; i++) {
        if (lines[i].startsWith("-")) {
          expected.append(lines[i], 1, lines[i].length()).append('\n');
        } else if (lines[i].startsWith("\\") && expected.length() > 0) {
          expected.setLength(expected.length() - 1); // "\ No newline at end of file"
        }
      }
    }
    if (!expected.toString().equals(new String(actual, StandardCharsets.UTF_8))) {
      HunkHeader first = fh.getHunks().isEmpty() ? null : fh.getHunks().get(0);
      return name + ": " + (first == null ? "" : "hunk #1 (" + hunkHeader(first) + ") ")
          + "does not apply to " + fh.getOldPath()
          + ": the patch deletes it, but its content differs from the patch's.";
    }
    return null;
  }

  /**
   * Turns JGit's errors into sentences. JGit exposes an error only through {@code toString()},
   * which embeds the failing {@link HunkHeader}'s own {@code toString()}; matching that against
   * the file's hunks recovers the hunk's number and its {@code @@} line.
   */
  private static String describe(String name, String target, FileHeader fh,
      List<org.eclipse.jgit.patch.PatchApplier.Result.Error> errors) {
    List<String> sentences = new ArrayList<>();
    for (org.eclipse.jgit.patch.PatchApplier.Result.Error error : errors) {
      String text = error.toString();
      List<? extends HunkHeader> hunks = fh.getHunks();
      String sentence = null;
      for (int i = 0; i < hunks.size() && sentence == null; i++) {
        String marker = hunks.get(i).toString();
        int at = text.indexOf(marker);
        if (at >= 0) {
          String reason = text.substring(at + marker.length()).replaceFirst("^[:\\s]+", "").strip();
          sentence = name + ": hunk #" + (i + 1) + " (" + hunkHeader(hunks.get(i)) + ") does not apply to "
              + target + (reason.isEmpty() || reason.equals("Hunk cannot be applied") ? "" : " (" + reason + ")");
        }
      }
      sentences.add(sentence != null ? sentence : name + ": cannot apply to " + target + ": " + text);
    }
    return String.join("\n", sentences);
  }

  /** The hunk's header as the patch spells it, e.g. {@code @@ -40,7 +40,8 @@}. */
  static String hunkHeader(HunkHeader hunk) {
    byte[] buf = hunk.getBuffer();
    int start = hunk.getStartOffset();
    int end = start;
    while (end < buf.length && buf[end] != '\n') {
      end++;
    }
    String line = new String(buf, start, end - start, StandardCharsets.UTF_8);
    int close = line.indexOf("@@", 2);
    return close > 0 ? line.substring(0, close + 2) : line.strip();
  }
}
