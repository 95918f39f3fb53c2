package org.c5c3.forge.tags;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.c5c3.forge.ForgeException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamVersionTest {

  @TempDir Path tmp;

  @Test
  void anExactlyTaggedCommitIsItsTag() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "master")) {
      repo.commit("one");
      RevCommit release = repo.commit("two");
      repo.annotatedTag("28.0.0", release);
      assertEquals("28.0.0", UpstreamVersion.of(repo.git.getRepository(), release));
    }
  }

  @Test
  void severalTagsOnOneCommitGiveTheHighestVersion() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "master")) {
      RevCommit c = repo.commit("one");
      repo.lightweightTag("28.0.0.0rc1", c);
      repo.annotatedTag("28.0.0", c);
      repo.lightweightTag("27.9.10", c);
      repo.lightweightTag("flamingo-eol", c);
      assertEquals("28.0.0", UpstreamVersion.of(repo.git.getRepository(), c));
    }
  }

  @Test
  void anUntaggedCommitIsDescribedFromTheNearestVersionTag() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "master")) {
      RevCommit tagged = repo.commit("release");
      repo.annotatedTag("27.0.0", tagged);
      repo.commit("fix 1");
      repo.lightweightTag("epoxy-em", repo.commit("fix 2")); // not a version: ignored
      RevCommit head = repo.commit("fix 3");

      String version = UpstreamVersion.of(repo.git.getRepository(), head);

      assertEquals("27.0.0-dev3-g" + head.name().substring(0, 7), version);
      assertTrue(ImageTag.GRAMMAR.matcher(version).matches());
    }
  }

  @Test
  void vPrefixedTagsAreVersionsToo() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "main")) {
      repo.lightweightTag("v1.2.3", repo.commit("release"));
      RevCommit head = repo.commit("next");
      assertEquals("v1.2.3-dev1-g" + head.name().substring(0, 7),
          UpstreamVersion.of(repo.git.getRepository(), head));
    }
  }

  @Test
  void noReachableVersionTagIsAnErrorThatMentionsShallowClones() throws Exception {
    try (GitFixture repo = GitFixture.init(tmp, "master")) {
      RevCommit c = repo.commit("one");
      repo.lightweightTag("ussuri-eol", c);
      ForgeException e = assertThrows(ForgeException.class,
          () -> UpstreamVersion.of(repo.git.getRepository(), c));
      assertTrue(e.getMessage().contains(c.name()), e.getMessage());
      assertTrue(e.getMessage().contains("shallow"), e.getMessage());
    }
  }

  @Test
  void versionOrder() {
    assertTrue(UpstreamVersion.compareVersions("28.0.0", "27.9.10") > 0);
    assertTrue(UpstreamVersion.compareVersions("28.0.10", "28.0.9") > 0);
    assertTrue(UpstreamVersion.compareVersions("28.0.0", "28.0.0.0rc1") > 0);
    assertTrue(UpstreamVersion.compareVersions("28.0.0.0rc2", "28.0.0.0rc1") > 0);
    assertTrue(UpstreamVersion.compareVersions("28.0.0.1", "28.0.0") > 0);
    assertTrue(UpstreamVersion.compareVersions("v2.0", "1.9") > 0);
    assertEquals(0, UpstreamVersion.compareVersions("1.0", "1.0"));
  }

  @Test
  void whatCountsAsAVersionTag() {
    assertTrue(UpstreamVersion.isVersionTag("28.0.0"));
    assertTrue(UpstreamVersion.isVersionTag("v1.0"));
    assertFalse(UpstreamVersion.isVersionTag("ussuri-eol"));
    assertFalse(UpstreamVersion.isVersionTag("1.0+local"));
  }
}
