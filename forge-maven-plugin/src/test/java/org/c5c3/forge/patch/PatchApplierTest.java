package org.c5c3.forge.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchApplierTest {

  @TempDir Path tmp;

  private GitFixture src;
  private Path patches;
  private Path seriesDir;
  private final PatchApplier applier = new PatchApplier();

  @BeforeEach
  void setUp() throws IOException {
    src = GitFixture.init(tmp.resolve("keystone-src"));
    patches = tmp.resolve("forge").resolve("patches");
    seriesDir = patches.resolve("keystone").resolve("2025.2");
  }

  private PatchSeries series() {
    return PatchSeries.load(patches, "keystone", "2025.2");
  }

  private static String lines(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
  }

  @Test
  void appliesAddDeleteRenameAndModeChangeLikeGit() throws IOException {
    src.write("keystone/common/utils.py", lines(1, 20))
        .write("keystone/obsolete.py", "gone = True\n")
        .write("keystone/old_name.py", lines(1, 10))
        .write("tools/run.sh", "#!/bin/sh\necho run\n");
    String base = src.commit("base");
    src.write("keystone/new/module.py", "NEW = 1\n");
    src.commit("Add a module");
    Files.delete(src.dir.resolve("keystone/obsolete.py"));
    src.commit("Delete a module");
    Files.createDirectories(src.dir.resolve("keystone/moved"));
    Files.move(src.dir.resolve("keystone/old_name.py"), src.dir.resolve("keystone/moved/new_name.py"));
    src.commit("Rename a module");
    src.chmod("tools/run.sh", "rwxr-xr-x");
    src.commit("Make run.sh executable");
    src.write("keystone/common/utils.py", lines(1, 9) + "line 10 patched\n" + lines(11, 20));
    String patched = src.commit("Patch utils");
    List<Path> written = src.formatPatch(base + "..HEAD", seriesDir);
    assertEquals(5, written.size());
    src.resetHard(base);

    AppliedSeries result = applier.apply(src.dir, series());

    // The work tree and the index are exactly the patched commit, modes included.
    assertEquals("", src.git("diff", patched));
    assertEquals("", src.git("diff", "--cached", patched));
    assertTrue(Files.isExecutable(src.dir.resolve("tools/run.sh")));
    assertFalse(Files.exists(src.dir.resolve("keystone/obsolete.py")));
    assertFalse(Files.exists(src.dir.resolve("keystone/old_name.py")));
    assertEquals(lines(1, 10), src.read("keystone/moved/new_name.py"));
    assertEquals("NEW = 1\n", src.read("keystone/new/module.py"));

    assertEquals(5, result.patches().size());
    assertEquals("0001-Add-a-module.patch", result.patches().get(0).patch().fileName());
    assertEquals(List.of("keystone/new/module.py"), result.patches().get(0).files());
    assertEquals(List.of("keystone/obsolete.py"), result.patches().get(1).files());
    assertEquals(List.of("keystone/moved/new_name.py", "keystone/old_name.py"), result.patches().get(2).files());
    assertEquals(List.of("tools/run.sh"), result.patches().get(3).files());
    assertEquals(List.of("keystone/common/utils.py"), result.patches().get(4).files());
    assertEquals(6, result.files().size());
  }

  /** Two hunks in one file; the work tree's copy differs under the second. */
  private String prepareFailingSecondHunk() throws IOException {
    src.write("keystone/common/utils.py", lines(1, 60));
    String base = src.commit("base");
    src.write("keystone/common/utils.py",
        lines(1, 4) + "line 5 patched\n" + lines(6, 40) + "line 40a added\n" + lines(41, 60));
    src.commit("Fix two places");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    // Upstream moved on under the second hunk.
    src.write("keystone/common/utils.py", lines(1, 41) + "line 42 changed upstream\n" + lines(43, 60));
    return src.commit("upstream change");
  }

  @Test
  void failingHunkNamesPatchFileAndHunk() throws IOException {
    prepareFailingSecondHunk();

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith(
        "patches/keystone/2025.2/0001-Fix-two-places.patch: hunk #2 (@@ -38,6 +38,7 @@)"
            + " does not apply to keystone/common/utils.py\n"), e.getMessage());
    assertEquals("", src.status(), "the work tree is as before the series");
  }

  @Test
  void failedSeriesLeavesWorkTreeAndIndexAsBefore() throws IOException {
    src.write("keystone/common/utils.py", lines(1, 30)).write("keystone/api.py", lines(1, 30));
    String base = src.commit("base");
    src.write("keystone/api.py", "line 1 patched\n" + lines(2, 30))
        .write("keystone/brand/new/dir/added.py", "ADDED = 1\n");
    Files.delete(src.dir.resolve("keystone/common/utils.py"));
    src.commit("First patch: modify, add, delete");
    src.write("keystone/api.py", "line 1 patched\n" + lines(2, 29) + "line 30 patched\n");
    src.commit("Second patch");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    src.write("keystone/api.py", lines(1, 29) + "line 30 moved on\n");
    src.commit("upstream change under the second patch");
    Path api = src.dir.resolve("keystone/api.py");
    Path utils = src.dir.resolve("keystone/common/utils.py");
    Files.setLastModifiedTime(api, FileTime.fromMillis(1_000_000_000_000L));
    byte[] indexBefore = Files.readAllBytes(src.dir.resolve(".git/index"));
    byte[] apiBefore = Files.readAllBytes(api);

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0002-Second-patch.patch: hunk #1 ("),
        e.getMessage());
    assertTrue(e.getMessage().contains("as it was before the 2025.2 series (1 earlier patch rolled back)"), e.getMessage());
    // Before git status, which refreshes the index's stat data.
    assertArrayEquals(indexBefore, Files.readAllBytes(src.dir.resolve(".git/index")));
    assertEquals("", src.status());
    assertArrayEquals(apiBefore, Files.readAllBytes(api));
    assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(api));
    assertTrue(Files.exists(utils));
    assertFalse(Files.exists(src.dir.resolve("keystone/brand")), "created directories are removed");
  }

  @Test
  void patchForMissingFileNamesPatchAndFile() throws IOException {
    src.write("keystone/gone.py", lines(1, 5)).write("keystone/kept.py", "x\n");
    String base = src.commit("base");
    src.write("keystone/gone.py", lines(1, 4) + "line 5 patched\n");
    src.commit("Patch gone");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    Files.delete(src.dir.resolve("keystone/gone.py"));
    src.commit("upstream removed it");

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-Patch-gone.patch: cannot patch"
        + " keystone/gone.py: no such file in the source tree."), e.getMessage());
  }

  @Test
  void malformedPatchFailsBeforeTouchingAnything() throws IOException {
    src.write("keystone/a.py", lines(1, 10));
    String base = src.commit("base");
    src.write("keystone/a.py", lines(1, 4) + "line 5 patched\n" + lines(6, 10));
    src.commit("Edit by hand");
    Path patch = src.formatPatch(base + "..HEAD", seriesDir).get(0);
    // A hand edit that drops a context line but keeps the header's counts.
    String text = Files.readString(patch);
    Files.writeString(patch, text.replace(" line 7\n", ""));
    src.resetHard(base);

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-Edit-by-hand.patch: malformed patch: line "),
        e.getMessage());
    assertEquals("", src.status());
  }

  @Test
  void binaryChangeWithoutDataFailsNamingTheFile() throws IOException {
    src.writeBytes("keystone/static/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
    src.write("keystone/a.py", "a\n");
    String base = src.commit("base");
    src.writeBytes("keystone/static/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 9, 9, 9});
    src.write("keystone/a.py", "a patched\n");
    src.commit("New logo");
    Path patch = src.formatPatch(base + "..HEAD", seriesDir, "--no-binary").get(0);
    assertTrue(Files.readString(patch).contains("Binary files"), "the patch has no binary data");
    src.resetHard(base);

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-New-logo.patch: keystone/static/logo.png"
        + " is a binary change without data"), e.getMessage());
    assertEquals("", src.status(), "the text half of the patch was rolled back too");
  }

  @Test
  void gitBinaryPatchIsApplied() throws IOException {
    byte[] logo = new byte[4096];
    for (int i = 0; i < logo.length; i++) {
      logo[i] = (byte) (i * 31);
    }
    src.writeBytes("keystone/static/logo.png", logo);
    src.writeBytes("keystone/static/old.bin", new byte[] {0, 0, 1, 0, 2});
    String base = src.commit("base");
    Files.delete(src.dir.resolve("keystone/static/old.bin"));
    byte[] changed = logo.clone();
    changed[100] = 0;
    changed[2000] = 1;
    byte[] added = {0, 1, 2, 3, (byte) 0xff, 0, 7};
    src.writeBytes("keystone/static/logo.png", changed).writeBytes("keystone/static/icon.ico", added);
    String patched = src.commit("Binary assets");
    Path patch = src.formatPatch(base + "..HEAD", seriesDir).get(0);
    assertTrue(Files.readString(patch).contains("GIT binary patch"));
    src.resetHard(base);

    applier.apply(src.dir, series());

    assertArrayEquals(changed, Files.readAllBytes(src.dir.resolve("keystone/static/logo.png")));
    assertArrayEquals(added, Files.readAllBytes(src.dir.resolve("keystone/static/icon.ico")));
    assertFalse(Files.exists(src.dir.resolve("keystone/static/old.bin")));
    assertEquals("", src.git("diff", "--cached", patched));
  }

  @Test
  void executableFileKeepsItsModeWhenTheDiffHasNoModeLines() throws IOException {
    src.write("bin/keystone-manage", "#!/bin/sh\necho one\n").chmod("bin/keystone-manage", "rwxr-x---");
    String base = src.commit("base");
    src.write("bin/keystone-manage", "#!/bin/sh\necho two\n");
    String patched = src.commit("Change the script");
    Path patch = src.formatPatch(base + "..HEAD", seriesDir).get(0);
    // As a hand-made or non-git diff would be: no mode anywhere.
    String text = Files.readString(patch).replaceAll("(?m)^(index \\S+) 100750$", "$1")
        .replaceAll("(?m)^(index \\S+) 100755$", "$1");
    Files.writeString(patch, text);
    assertFalse(text.contains("1007"), text);
    src.resetHard(base);
    src.chmod("bin/keystone-manage", "rwxr-x---"); // git checks out 755; keep this exact mode

    applier.apply(src.dir, series());

    Path script = src.dir.resolve("bin/keystone-manage");
    assertEquals("#!/bin/sh\necho two\n", Files.readString(script));
    assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(script)));
    assertEquals("", src.git("diff", "--cached", patched), "the index keeps mode 100755 too");
  }

  @Test
  void renamedExecutableStaysExecutable() throws IOException {
    src.write("tools/old-name.sh", "#!/bin/sh\necho hi\n").chmod("tools/old-name.sh", "rwxr-xr-x");
    String base = src.commit("base");
    Files.move(src.dir.resolve("tools/old-name.sh"), src.dir.resolve("tools/new-name.sh"));
    String patched = src.commit("Rename the tool");
    Path patch = src.formatPatch(base + "..HEAD", seriesDir).get(0);
    // git writes a pure rename without any mode; JGit alone would write a 644 file.
    assertTrue(Files.readString(patch).contains("rename to tools/new-name.sh"));
    assertFalse(Files.readString(patch).contains("100755"));
    src.resetHard(base);

    applier.apply(src.dir, series());

    assertTrue(Files.isExecutable(src.dir.resolve("tools/new-name.sh")));
    assertEquals("", src.git("diff", "--cached", patched));
    assertEquals("", src.git("diff", patched));
  }

  @Test
  void deletingAFileWhoseContentDiffersFails() throws IOException {
    src.write("keystone/legacy.py", lines(1, 5));
    String base = src.commit("base");
    Files.delete(src.dir.resolve("keystone/legacy.py"));
    src.commit("Drop legacy");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    src.write("keystone/legacy.py", lines(1, 5) + "line 6 added upstream\n");
    src.commit("upstream grew it");

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-Drop-legacy.patch: hunk #1 (@@ -1,5 +0,0 @@)"
        + " does not apply to keystone/legacy.py"), e.getMessage());
    assertTrue(Files.exists(src.dir.resolve("keystone/legacy.py")));
  }

  @Test
  void deletingABinaryFileWhoseContentDiffersFails() throws IOException {
    src.writeBytes("keystone/static/old.bin", new byte[] {0, 0, 1, 0, 2});
    String base = src.commit("base");
    Files.delete(src.dir.resolve("keystone/static/old.bin"));
    src.commit("Drop old.bin");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    src.writeBytes("keystone/static/old.bin", new byte[] {0, 0, 1, 0, 3});
    src.commit("upstream changed it");

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-Drop-old.bin.patch: cannot delete"
        + " keystone/static/old.bin: its content differs from the patch's"), e.getMessage());
    assertTrue(Files.exists(src.dir.resolve("keystone/static/old.bin")));
  }

  @Test
  void addingAFileThatAlreadyExistsFails() throws IOException {
    src.write("keystone/a.py", "a\n");
    String base = src.commit("base");
    src.write("keystone/new.py", "NEW = 1\n");
    src.commit("Add new");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    src.write("keystone/new.py", "UPSTREAM = 1\n");
    src.commit("upstream added it too");

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-Add-new.patch: cannot create"
        + " keystone/new.py: it already exists in the source tree."), e.getMessage());
    assertEquals("UPSTREAM = 1\n", src.read("keystone/new.py"));
  }

  @Test
  void symlinksAreRefused() throws IOException {
    src.write("keystone/a.py", "a\n");
    String base = src.commit("base");
    Files.createSymbolicLink(src.dir.resolve("keystone/link.py"), Path.of("a.py"));
    src.commit("Add a link");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(src.dir, series()));

    assertTrue(e.getMessage().startsWith("patches/keystone/2025.2/0001-Add-a-link.patch: keystone/link.py is a"
        + " symbolic link; patches to those are not supported."), e.getMessage());
    assertFalse(Files.exists(src.dir.resolve("keystone/link.py"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void patchesApplyInFileNameOrder() throws IOException {
    src.write("keystone/a.py", lines(1, 5));
    String base = src.commit("base");
    src.write("keystone/a.py", lines(1, 5) + "first\n");
    src.commit("First");
    src.write("keystone/a.py", lines(1, 5) + "first\nsecond\n");
    src.commit("Second, on top of the first");
    List<Path> written = src.formatPatch(base + "..HEAD", seriesDir);
    // 0010 sorts after 0002 by name, whatever order the directory lists them in.
    Files.move(written.get(0), seriesDir.resolve("0002-first.patch"));
    Files.move(written.get(1), seriesDir.resolve("0010-second.patch"));
    Files.writeString(seriesDir.resolve("README.md"), "not a patch\n");
    src.resetHard(base);

    PatchSeries series = series();
    assertEquals(List.of("0002-first.patch", "0010-second.patch"),
        series.patches().stream().map(PatchFile::fileName).toList());
    AppliedSeries result = applier.apply(src.dir, series);

    assertEquals(lines(1, 5) + "first\nsecond\n", src.read("keystone/a.py"));
    assertEquals("0010-second.patch", result.patches().get(1).patch().fileName());
  }

  @Test
  void checkReportsEveryPatchAndLeavesTheTreeUntouched() throws IOException {
    src.write("keystone/a.py", lines(1, 30)).write("keystone/b.py", lines(1, 30));
    String base = src.commit("base");
    src.write("keystone/a.py", "line 1 patched\n" + lines(2, 30));
    src.commit("Patch a");
    src.write("keystone/b.py", lines(1, 29) + "line 30 patched\n");
    src.commit("Patch b");
    src.write("keystone/new.py", "NEW\n");
    src.commit("Add new");
    src.formatPatch(base + "..HEAD", seriesDir);
    src.resetHard(base);
    src.write("keystone/b.py", lines(1, 28) + "line 29 moved on\nline 30\n");
    src.commit("upstream change under patch b");
    Path a = src.dir.resolve("keystone/a.py");
    FileTime aTime = Files.getLastModifiedTime(a);
    byte[] indexBefore = Files.readAllBytes(src.dir.resolve(".git/index"));

    List<PatchResult> results = applier.check(src.dir, series());

    assertEquals(List.of(true, false, true), results.stream().map(PatchResult::applied).toList());
    assertEquals("", results.get(0).problem());
    assertTrue(results.get(1).problem().startsWith("patches/keystone/2025.2/0002-Patch-b.patch: hunk #1 (@@ -27,4 +27,4 @@)"
        + " does not apply to keystone/b.py"), results.get(1).problem());
    assertArrayEquals(indexBefore, Files.readAllBytes(src.dir.resolve(".git/index")));
    assertEquals("", src.status());
    assertEquals(aTime, Files.getLastModifiedTime(a));
    assertFalse(Files.exists(src.dir.resolve("keystone/new.py")));

    PatchCheckReport report = new PatchCheckReport();
    report.add(series(), results);
    assertTrue(report.hasFailures());
    assertEquals(
        "COMPONENT  RELEASE  PATCH               STATUS  PROBLEM\n"
            + "keystone   2025.2   0001-Patch-a.patch  ok\n"
            + "keystone   2025.2   0002-Patch-b.patch  FAILED  hunk #1 (@@ -27,4 +27,4 @@) does not apply to keystone/b.py\n"
            + "keystone   2025.2   0003-Add-new.patch  ok\n",
        report.toTable());
  }

  @Test
  void checkReportsAMalformedPatchAsARow() throws IOException {
    src.write("keystone/a.py", lines(1, 5));
    src.commit("base");
    Files.createDirectories(seriesDir);
    Files.writeString(seriesDir.resolve("0001-notes.patch"), "Subject: just words\n\nno diff here\n");

    List<PatchResult> results = applier.check(src.dir, series());

    assertEquals(1, results.size());
    assertFalse(results.get(0).applied());
    assertTrue(results.get(0).problem().contains("0001-notes.patch: contains no diff"), results.get(0).problem());
  }

  @Test
  void aDirectoryThatIsNotAGitWorkTreeIsRefused() throws IOException {
    src.write("keystone/a.py", lines(1, 5));
    String base = src.commit("base");
    src.write("keystone/a.py", lines(1, 6));
    src.commit("More");
    src.formatPatch(base + "..HEAD", seriesDir);
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    ForgeException e = assertThrows(ForgeException.class, () -> applier.apply(plain, series()));
    assertTrue(e.getMessage().contains("is not a git work tree"), e.getMessage());
  }

  @Test
  void appliesToAWorkTreeClonedWithJGit() throws Exception {
    src.write("keystone/a.py", lines(1, 10)).write("bin/tool", "#!/bin/sh\n").chmod("bin/tool", "rwxr-xr-x");
    String base = src.commit("base");
    src.git("tag", "28.0.0");
    src.write("keystone/a.py", lines(1, 9) + "line 10 patched\n").write("bin/tool", "#!/bin/sh\nexit 0\n");
    src.commit("Patch a and the tool");
    src.formatPatch(base + "..HEAD", seriesDir);
    Path clone = tmp.resolve("clone");
    try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.cloneRepository()
        .setURI(src.dir.toUri().toString()).setDirectory(clone.toFile()).call()) {
      git.checkout().setName("28.0.0").call();
    }

    applier.apply(clone, series());

    assertEquals(lines(1, 9) + "line 10 patched\n", Files.readString(clone.resolve("keystone/a.py")));
    assertTrue(Files.isExecutable(clone.resolve("bin/tool")));
    GitFixture cloned = GitFixture.open(clone);
    assertEquals("", cloned.git("diff", "--cached", src.head()));
  }

  @Test
  void emptySeriesChangesNothing() throws IOException {
    src.write("keystone/a.py", "a\n");
    src.commit("base");
    AppliedSeries result = applier.apply(src.dir, series());
    assertEquals(0, result.patches().size());
    assertEquals(Set.of(), Set.copyOf(result.files()));
    assertEquals(List.of(), applier.check(src.dir, series()));
    assertEquals("", src.status());
    assertEquals("a\n", new String(Files.readAllBytes(src.dir.resolve("keystone/a.py")), StandardCharsets.UTF_8));
  }
}
