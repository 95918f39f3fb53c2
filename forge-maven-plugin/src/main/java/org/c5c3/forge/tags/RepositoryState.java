package org.c5c3.forge.tags;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The branch and commit of this repository (the forge checkout, not a service's upstream source),
 * which the branch, short-SHA and commit tags are made from.
 *
 * <p>The checkout itself is the first source of truth. GitHub Actions checks out pull requests on
 * a detached HEAD and some CI systems build from a tarball without {@code .git}; there the CI
 * variables fill in what the checkout cannot say: {@code GITHUB_HEAD_REF} (set only for pull
 * requests, the source branch), else {@code GITHUB_REF_NAME}, and {@code GITHUB_SHA}.
 *
 * @param branch the branch name as git spells it, e.g. {@code stable/2025.2}
 * @param commit the full 40-hex commit id
 * @param shortSha the first 7 characters of {@code commit}
 * @param dirty whether the work tree has changes that are not committed (including untracked,
 *     not ignored files: a new patch file changes the image just as an edited one does)
 */
public record RepositoryState(String branch, String commit, String shortSha, boolean dirty) {

  private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}");

  public RepositoryState {
    Objects.requireNonNull(branch, "branch");
    if (branch.isBlank()) {
      throw new ForgeException("The branch of this repository is empty.");
    }
    if (commit == null || !FULL_SHA.matcher(commit).matches()) {
      throw new ForgeException(
          "'" + commit + "' is not a full commit id (40 lower-case hex digits).");
    }
    if (!commit.startsWith(shortSha) || shortSha.length() != 7) {
      throw new ForgeException(
          "Short SHA '" + shortSha + "' is not the first 7 characters of " + commit + ".");
    }
  }

  /** A state from a branch and a full commit id (upper case is accepted and lowered). */
  public static RepositoryState of(String branch, String commit, boolean dirty) {
    String lowered = commit == null ? null : commit.toLowerCase(Locale.ROOT);
    String shortSha = lowered == null || lowered.length() < 7 ? "" : lowered.substring(0, 7);
    return new RepositoryState(branch, lowered, shortSha, dirty);
  }

  /**
   * Finds the repository that contains {@code anyDirInsideRepo} (walking up to the top like git
   * does) and reads its branch, commit and cleanliness; falls back to the CI variables in {@code
   * env} for a detached HEAD or when there is no repository at all.
   *
   * @throws ForgeException when neither the checkout nor the variables say what is being built
   */
  public static RepositoryState detect(Path anyDirInsideRepo, Map<String, String> env) {
    FileRepositoryBuilder builder =
        new FileRepositoryBuilder().findGitDir(anyDirInsideRepo.toAbsolutePath().toFile());
    if (builder.getGitDir() == null) {
      return fromEnvironment(env, "no git repository contains " + anyDirInsideRepo);
    }
    try (Repository repo = builder.setMustExist(true).build()) {
      Ref head = repo.exactRef(Constants.HEAD);
      ObjectId commit = head == null ? null : head.getObjectId();
      if (commit == null) {
        throw new ForgeException(
            "The repository at " + repo.getDirectory() + " has no commit yet: commit first,"
                + " the image tags name this repository's commit.");
      }
      boolean dirty = !isClean(repo);
      if (head.isSymbolic()) {
        return of(Repository.shortenRefName(head.getTarget().getName()), commit.name(), dirty);
      }
      String branch = branchFromEnvironment(env);
      if (branch == null) {
        throw new ForgeException(
            "HEAD of " + repo.getDirectory() + " is detached at " + commit.name()
                + " and neither GITHUB_HEAD_REF nor GITHUB_REF_NAME is set: check out a branch"
                + " or set GITHUB_REF_NAME to the branch being built.");
      }
      return of(branch, commit.name(), dirty);
    } catch (IOException e) {
      throw new ForgeException(
          "Cannot read the git repository at " + builder.getGitDir() + ": " + e.getMessage(), e);
    }
  }

  private static boolean isClean(Repository repo) {
    if (repo.isBare()) {
      return true;
    }
    try (Git git = new Git(repo)) {
      return git.status().call().isClean();
    } catch (GitAPIException e) {
      throw new ForgeException(
          "Cannot read the status of " + repo.getWorkTree() + ": " + e.getMessage(), e);
    }
  }

  private static RepositoryState fromEnvironment(Map<String, String> env, String why) {
    String branch = branchFromEnvironment(env);
    String sha = nonBlank(env.get("GITHUB_SHA"));
    if (branch == null || sha == null) {
      throw new ForgeException(
          "Cannot tell which commit of this repository is being built: " + why
              + ", and the CI variables GITHUB_SHA and GITHUB_REF_NAME (or GITHUB_HEAD_REF) are"
              + " not both set. Build from a git checkout, or set them.");
    }
    if (!FULL_SHA.matcher(sha.toLowerCase(Locale.ROOT)).matches()) {
      throw new ForgeException("GITHUB_SHA '" + sha + "' is not a full 40-hex commit id.");
    }
    // A tarball build has no work tree to compare against: it is what CI handed us.
    return of(branch, sha, false);
  }

  /** {@code GITHUB_HEAD_REF} is set only for pull requests and names the source branch. */
  private static String branchFromEnvironment(Map<String, String> env) {
    String head = nonBlank(env.get("GITHUB_HEAD_REF"));
    return head != null ? head : nonBlank(env.get("GITHUB_REF_NAME"));
  }

  private static String nonBlank(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
