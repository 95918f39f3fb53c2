package org.c5c3.forge.tags;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository in a test directory, with commits and tags made through JGit. */
final class GitFixture implements AutoCloseable {
  final Path dir;
  final Git git;
  private int counter;

  private GitFixture(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
  }

  static GitFixture init(Path dir, String branch) throws GitAPIException {
    return new GitFixture(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch(branch).call());
  }

  RevCommit commit(String message) throws IOException, GitAPIException {
    Path file = dir.resolve("file.txt");
    Files.writeString(file, message + " " + (counter++) + "\n");
    git.add().addFilepattern("file.txt").call();
    return git.commit().setMessage(message).setAuthor("Test", "test@example.org")
        .setCommitter("Test", "test@example.org").setSign(false).call();
  }

  void lightweightTag(String name, RevCommit at) throws GitAPIException {
    git.tag().setName(name).setObjectId(at).setAnnotated(false).call();
  }

  void annotatedTag(String name, RevCommit at) throws GitAPIException {
    git.tag().setName(name).setObjectId(at).setAnnotated(true).setMessage("release " + name)
        .setTagger(new org.eclipse.jgit.lib.PersonIdent("Test", "test@example.org"))
        .setSigned(false).call();
  }

  @Override
  public void close() {
    git.close();
  }
}
