package org.c5c3.forge.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.c5c3.forge.FileTrees;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.source.CheckedOutSource.RefKind;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

/**
 * Checks an upstream ref out with JGit. Each URL is mirrored once into a bare repository under
 * the cache directory and fetched incrementally; every build then gets a fresh work tree cloned
 * from that mirror, so patches always start from pristine upstream files.
 */
public final class SourceCheckout {

  private static final RefSpec HEADS = new RefSpec("+refs/heads/*:refs/heads/*");
  private static final RefSpec TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

  private final Path mirrors;

  /** @param cacheDir e.g. {@code ~/.cache/forge}; mirrors live in {@code git/} below it */
  public SourceCheckout(Path cacheDir) {
    this.mirrors = cacheDir.resolve("git");
  }

  /**
   * Resolves {@code ref} in {@code url} and checks it out into {@code workTree} (replaced).
   *
   * @param overrideHint the property that changes the URL, for error messages
   */
  public CheckedOutSource checkout(String url, String ref, Path workTree, String overrideHint) {
    if (url == null || url.isBlank()) {
      throw new ForgeException("no source URL configured; set " + overrideHint);
    }
    if (ref == null || ref.isBlank()) {
      throw new ForgeException("no source ref configured for " + url + " (a tag, branch or 40-hex commit)");
    }
    Path mirror = mirrorFor(url);
    try (Git git = openMirror(mirror)) {
      boolean isSha = ref.matches("[0-9a-f]{40}");
      if (!(isSha && hasCommit(git.getRepository(), ref))) {
        fetch(git, url, overrideHint);
      }
      Resolved resolved = resolve(git.getRepository(), url, ref);
      cloneInto(mirror, workTree, resolved.commit());
      return new CheckedOutSource(url, ref, resolved.kind(), resolved.commit().name(),
          Instant.ofEpochSecond(resolved.commitTime()), workTree);
    }
  }

  private record Resolved(RefKind kind, ObjectId commit, long commitTime) {}

  private Resolved resolve(Repository repo, String url, String ref) {
    try (RevWalk walk = new RevWalk(repo)) {
      if (ref.matches("[0-9a-f]{40}")) {
        ObjectId id = ObjectId.fromString(ref);
        if (!repo.getObjectDatabase().has(id)) {
          throw new ForgeException("commit " + ref + " is not in " + url
              + " (looked in all its branches and tags)");
        }
        RevCommit c = walk.parseCommit(id);
        return new Resolved(RefKind.COMMIT, c, c.getCommitTime());
      }
      Ref tag = repo.exactRef(Constants.R_TAGS + ref);
      if (tag != null) {
        RevCommit c = walk.parseCommit(repo.getRefDatabase().peel(tag).getPeeledObjectId() != null
            ? repo.getRefDatabase().peel(tag).getPeeledObjectId() : tag.getObjectId());
        return new Resolved(RefKind.TAG, c, c.getCommitTime());
      }
      Ref branch = repo.exactRef(Constants.R_HEADS + ref);
      if (branch != null) {
        RevCommit c = walk.parseCommit(branch.getObjectId());
        return new Resolved(RefKind.BRANCH, c, c.getCommitTime());
      }
      throw new ForgeException("unknown ref '" + ref + "' in " + url
          + ": it is not a tag, a branch or a 40-hex commit there." + suggestions(repo));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String suggestions(Repository repo) throws IOException {
    List<String> tags = repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS).stream()
        .map(r -> r.getName().substring(Constants.R_TAGS.length())).sorted(Comparator.reverseOrder())
        .limit(5).toList();
    List<String> branches = repo.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
        .map(r -> r.getName().substring(Constants.R_HEADS.length())).sorted().limit(5).toList();
    return " Tags include: " + (tags.isEmpty() ? "(none)" : String.join(", ", tags))
        + "; branches include: " + (branches.isEmpty() ? "(none)" : String.join(", ", branches)) + ".";
  }

  private static boolean hasCommit(Repository repo, String sha) {
    try {
      return repo.getObjectDatabase().has(ObjectId.fromString(sha));
    } catch (IOException e) {
      return false;
    }
  }

  private static void fetch(Git git, String url, String overrideHint) {
    try {
      git.fetch().setRemote(url).setRefSpecs(HEADS, TAGS).setRemoveDeletedRefs(true).call();
    } catch (GitAPIException | RuntimeException e) {
      throw new ForgeException("cannot fetch " + url + ": " + rootMessage(e)
          + "\n  Check the URL and the network, or point " + overrideHint + " at a reachable mirror.", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  private Path mirrorFor(String url) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      String name = url.replaceAll(".*/", "").replaceAll("[^A-Za-z0-9._-]", "_");
      return mirrors.resolve(name + "-" + HexFormat.of().formatHex(h, 0, 6) + ".git");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Git openMirror(Path mirror) {
    try {
      if (Files.isDirectory(mirror.resolve("objects"))) {
        return Git.open(mirror.toFile());
      }
      Files.createDirectories(mirror);
      return Git.init().setBare(true).setDirectory(mirror.toFile()).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new ForgeException("cannot create the source mirror " + mirror + ": " + e.getMessage(), e);
    }
  }

  /**
   * A fresh repository at {@code workTree} with the mirror's branches and tags (so tools such as
   * pbr can describe versions), checked out at {@code commit}, detached.
   */
  private static void cloneInto(Path mirror, Path workTree, ObjectId commit) {
    FileTrees.deleteRecursively(workTree);
    try (Git clone = Git.init().setDirectory(workTree.toFile()).call()) {
      clone.fetch().setRemote(mirror.toUri().toString())
          .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), TAGS).call();
      clone.checkout().setName(commit.name()).call();
    } catch (GitAPIException e) {
      throw new ForgeException("cannot check out " + commit.name() + " into " + workTree + ": " + e.getMessage(), e);
    }
  }

}
