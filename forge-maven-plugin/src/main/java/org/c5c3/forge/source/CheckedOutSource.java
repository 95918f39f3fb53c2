package org.c5c3.forge.source;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A service or library source tree checked out for one build.
 *
 * @param url where it came from
 * @param ref what was asked for (tag, branch or 40-hex commit)
 * @param kind how the ref resolved
 * @param commit the resolved commit, 40 hex
 * @param commitTime the commit's committer time; the build's SOURCE_DATE_EPOCH
 * @param workTree the checked-out tree (a git repository, so patches can be applied with JGit)
 */
public record CheckedOutSource(
    String url, String ref, RefKind kind, String commit, Instant commitTime, Path workTree) {

  /** What a ref turned out to be. */
  public enum RefKind {
    TAG,
    BRANCH,
    COMMIT
  }

  public String shortCommit() {
    return commit.substring(0, 7);
  }
}
