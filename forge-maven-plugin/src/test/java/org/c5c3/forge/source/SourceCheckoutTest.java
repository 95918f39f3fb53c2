package org.c5c3.forge.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.source.CheckedOutSource.RefKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SourceCheckout against real repositories made with the git CLI. */
class SourceCheckoutTest {

  private static final String HINT = "-Dforge.source.url";

  @TempDir Path tmp;

  private Path origin;
  private String url;
  private String tagCommit;
  private String branchCommit;
  private String mainCommit;
  private SourceCheckout checkout;

  /**
   * origin: main has three commits; tag 1.0.0 (annotated) and 0.9.0 (lightweight) on the first;
   * branch stable/2025.2 on the second; main's tip is the third.
   */
  @BeforeEach
  void makeOrigin() throws Exception {
    origin = tmp.resolve("origin");
    Files.createDirectories(origin);
    git("init", "-q", "-b", "main");
    commit("version.txt", "1.0.0\n", "2025-10-01T12:00:00Z");
    tagCommit = git("rev-parse", "HEAD").strip();
    git("tag", "-a", "-m", "release 1.0.0", "1.0.0");
    git("tag", "0.9.0");
    commit("version.txt", "1.0.1.dev\n", "2025-10-15T12:00:00Z");
    branchCommit = git("rev-parse", "HEAD").strip();
    git("branch", "stable/2025.2");
    commit("version.txt", "1.1.0.dev\n", "2025-11-01T12:00:00Z");
    mainCommit = git("rev-parse", "HEAD").strip();
    url = origin.toUri().toString();
    checkout = new SourceCheckout(tmp.resolve("cache"));
  }

  @Test
  void anAnnotatedTagResolvesToItsCommit() throws Exception {
    CheckedOutSource src = checkout.checkout(url, "1.0.0", tmp.resolve("work"), HINT);
    assertEquals(RefKind.TAG, src.kind());
    assertEquals(tagCommit, src.commit());
    assertEquals(Instant.parse("2025-10-01T12:00:00Z"), src.commitTime());
    assertEquals(url, src.url());
    assertEquals("1.0.0", src.ref());
    assertEquals(tmp.resolve("work"), src.workTree());
    assertEquals("1.0.0\n", Files.readString(src.workTree().resolve("version.txt")));
    assertEquals(tagCommit.substring(0, 7), src.shortCommit());
  }

  @Test
  void aLightweightTagResolvesToItsCommit() throws Exception {
    CheckedOutSource src = checkout.checkout(url, "0.9.0", tmp.resolve("work"), HINT);
    assertEquals(RefKind.TAG, src.kind());
    assertEquals(tagCommit, src.commit());
  }

  @Test
  void aBranchResolvesToItsTip() throws Exception {
    CheckedOutSource src = checkout.checkout(url, "stable/2025.2", tmp.resolve("work"), HINT);
    assertEquals(RefKind.BRANCH, src.kind());
    assertEquals(branchCommit, src.commit());
    assertEquals(Instant.parse("2025-10-15T12:00:00Z"), src.commitTime());
    assertEquals("1.0.1.dev\n", Files.readString(src.workTree().resolve("version.txt")));
  }

  @Test
  void aFullCommitShaResolvesToThatCommit() throws Exception {
    CheckedOutSource src = checkout.checkout(url, branchCommit, tmp.resolve("work"), HINT);
    assertEquals(RefKind.COMMIT, src.kind());
    assertEquals(branchCommit, src.commit());
    assertEquals("1.0.1.dev\n", Files.readString(src.workTree().resolve("version.txt")));
  }

  @Test
  void theWorkTreeIsAGitRepositoryAtTheCommitWithTheTagsAndNothingLeftFromBefore() throws Exception {
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    Files.writeString(work.resolve("stale.txt"), "from an earlier build");
    checkout.checkout(url, mainCommit, work, HINT);
    assertFalse(Files.exists(work.resolve("stale.txt")));
    assertEquals(mainCommit, gitIn(work, "rev-parse", "HEAD").strip());
    assertEquals("", gitIn(work, "status", "--porcelain"));
    // pbr-style version discovery needs the tags in the work tree.
    assertEquals("1.0.0-2-g" + mainCommit.substring(0, 7), gitIn(work, "describe", "--tags").strip());
  }

  @Test
  void aSecondCheckoutOfAShaNeedsNoOrigin() throws Exception {
    checkout.checkout(url, "1.0.0", tmp.resolve("first"), HINT);
    FileTrees.deleteRecursively(origin);
    CheckedOutSource again = new SourceCheckout(tmp.resolve("cache"))
        .checkout(url, mainCommit, tmp.resolve("second"), HINT);
    assertEquals(RefKind.COMMIT, again.kind());
    assertEquals("1.1.0.dev\n", Files.readString(again.workTree().resolve("version.txt")));
    try (Stream<Path> mirrors = Files.list(tmp.resolve("cache/git"))) {
      assertEquals(1, mirrors.count(), "one mirror per URL");
    }
  }

  @Test
  void aNewTagIsFetchedIntoTheExistingMirror() throws Exception {
    checkout.checkout(url, "1.0.0", tmp.resolve("first"), HINT);
    git("tag", "1.1.0");
    CheckedOutSource src = checkout.checkout(url, "1.1.0", tmp.resolve("second"), HINT);
    assertEquals(mainCommit, src.commit());
  }

  @Test
  void anUnknownRefNamesItselfTheUrlAndWhatExists() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> checkout.checkout(url, "2.0.0", tmp.resolve("work"), HINT));
    String m = e.getMessage();
    assertTrue(m.contains("'2.0.0'"), m);
    assertTrue(m.contains(url), m);
    assertTrue(m.contains("Tags include: 1.0.0, 0.9.0"), m);
    assertTrue(m.contains("branches include: main, stable/2025.2"), m);
  }

  @Test
  void aMissingRepositoryNamesTheUrlAndTheOverride() {
    for (String bad : List.of("file:///nonexistent/repo.git", "http://127.0.0.1:9/x.git")) {
      ForgeException e = assertThrows(ForgeException.class,
          () -> checkout.checkout(bad, "1.0.0", tmp.resolve("work"), HINT), bad);
      assertTrue(e.getMessage().contains("cannot fetch " + bad), e.getMessage());
      assertTrue(e.getMessage().contains(HINT), e.getMessage());
    }
  }

  @Test
  void aCommitThatIsNotInTheRepositoryIsNamed() {
    String absent = "0123456789abcdef0123456789abcdef01234567";
    ForgeException e = assertThrows(ForgeException.class,
        () -> checkout.checkout(url, absent, tmp.resolve("work"), HINT));
    assertTrue(e.getMessage().contains("commit " + absent + " is not in " + url), e.getMessage());
  }

  @Test
  void aMissingUrlOrRefSaysWhatToSet() {
    ForgeException noUrl = assertThrows(ForgeException.class,
        () -> checkout.checkout(" ", "1.0.0", tmp.resolve("work"), HINT));
    assertTrue(noUrl.getMessage().contains(HINT), noUrl.getMessage());
    ForgeException noRef = assertThrows(ForgeException.class,
        () -> checkout.checkout(url, "", tmp.resolve("work"), HINT));
    assertTrue(noRef.getMessage().contains(url), noRef.getMessage());
  }

  private void commit(String file, String content, String date) throws Exception {
    Files.writeString(origin.resolve(file), content);
    git("add", "-A");
    runGit(origin, List.of("GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date), "commit", "-q", "-m", content);
  }

  private String git(String... args) throws Exception {
    return runGit(origin, List.of(), args);
  }

  private static String gitIn(Path dir, String... args) throws Exception {
    return runGit(dir, List.of(), args);
  }

  private static String runGit(Path dir, List<String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=Forge Test", "-c", "user.email=forge@example.org",
        "-c", "tag.gpgSign=false", "-c", "commit.gpgSign=false"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    for (String kv : env) {
      pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }
}
