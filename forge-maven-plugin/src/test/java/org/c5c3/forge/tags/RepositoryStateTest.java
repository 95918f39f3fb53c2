package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryStateTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

  @TempDir Path tmp;

  @Test
  void readsBranchAndCommitFromASubdirectoryOfTheCheckout() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "stable/2025.2")) {
      RevCommit head = repo.commit("first");
      Path sub = Files.createDirectories(tmp.resolve("services/keystone"));

      RepositoryState state = RepositoryState.detect(sub, Map.of("GITHUB_REF_NAME", "ignored"));

      assertEquals("stable/2025.2", state.branch());
      assertEquals(head.name(), state.commit());
      assertEquals(head.name().substring(0, 7), state.shortSha());
      // the empty services/keystone directory is not a change git sees
      assertFalse(state.dirty());
    }
  }

  @Test
  void modifiedAndUntrackedFilesMakeTheStateDirty() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "main")) {
      repo.commit("first");
      Files.writeString(tmp.resolve("new.patch"), "untracked\n");
      assertTrue(RepositoryState.detect(tmp, Map.of()).dirty());

      Files.delete(tmp.resolve("new.patch"));
      Files.writeString(tmp.resolve("file.txt"), "edited\n");
      assertTrue(RepositoryState.detect(tmp, Map.of()).dirty());
    }
  }

  @Test
  void ignoredFilesDoNotMakeItDirty() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "main")) {
      Files.writeString(tmp.resolve(".gitignore"), "target/\n");
      repo.git.add().addFilepattern(".gitignore").call();
      repo.commit("first");
      Files.createDirectories(tmp.resolve("target"));
      Files.writeString(tmp.resolve("target/out.json"), "{}\n");
      assertFalse(RepositoryState.detect(tmp, Map.of()).dirty());
    }
  }

  @Test
  void detachedHeadTakesThePullRequestBranchFromGithubHeadRef() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "main")) {
      RevCommit first = repo.commit("first");
      repo.commit("second");
      repo.git.checkout().setName(first.name()).call();

      RepositoryState state = RepositoryState.detect(tmp,
          Map.of("GITHUB_HEAD_REF", "feature/x", "GITHUB_REF_NAME", "42/merge",
              "GITHUB_SHA", SHA));

      assertEquals("feature/x", state.branch());
      // the checkout is what is built, not what the variable says
      assertEquals(first.name(), state.commit());
    }
  }

  @Test
  void detachedHeadUsesGithubRefNameWhenHeadRefIsBlank() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "main")) {
      RevCommit first = repo.commit("first");
      repo.git.checkout().setName(first.name()).call();
      RepositoryState state =
          RepositoryState.detect(tmp, Map.of("GITHUB_HEAD_REF", " ", "GITHUB_REF_NAME", "main"));
      assertEquals("main", state.branch());
    }
  }

  @Test
  void detachedHeadWithoutVariablesIsAnError() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "main")) {
      RevCommit first = repo.commit("first");
      repo.git.checkout().setName(first.name()).call();
      ForgeException e =
          assertThrows(ForgeException.class, () -> RepositoryState.detect(tmp, Map.of()));
      assertTrue(e.getMessage().contains("detached at " + first.name()), e.getMessage());
      assertTrue(e.getMessage().contains("GITHUB_REF_NAME"), e.getMessage());
    }
  }

  @Test
  void withoutARepositoryTheCiVariablesAreUsed() {
    RepositoryState state = RepositoryState.detect(tmp,
        Map.of("GITHUB_REF_NAME", "main", "GITHUB_SHA", SHA.toUpperCase()));
    assertEquals(new RepositoryState("main", SHA, "0123456", false), state);
  }

  @Test
  void withoutARepositoryOrVariablesTheErrorSaysWhatToSet() {
    ForgeException e =
        assertThrows(ForgeException.class, () -> RepositoryState.detect(tmp, Map.of()));
    assertTrue(e.getMessage().contains("no git repository contains " + tmp), e.getMessage());
    assertTrue(e.getMessage().contains("GITHUB_SHA"), e.getMessage());
  }

  @Test
  void aShortOrOddGithubShaIsRefused() {
    ForgeException e = assertThrows(ForgeException.class,
        () -> RepositoryState.detect(tmp, Map.of("GITHUB_REF_NAME", "main", "GITHUB_SHA", "abc")));
    assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
  }

  @Test
  void aRepositoryWithoutCommitsIsAnError() throws Exception {
    try (GitFixture ignored = GitFixture.init(tmp, "main")) {
      ForgeException e =
          assertThrows(ForgeException.class, () -> RepositoryState.detect(tmp, Map.of()));
      assertTrue(e.getMessage().contains("no commit yet"), e.getMessage());
    }
  }
}
