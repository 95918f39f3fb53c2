package org.c5c3.forge.tags;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.InvalidPatternException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * The upstream version of a checked-out service source, as used in the version tag.
 *
 * <ul>
 *   <li>A commit with a version tag on it is that version: {@code 28.0.0}. With several (a
 *       release candidate tagged again as the final release), the highest version wins.
 *   <li>Any other commit is {@code <nearest version tag>-dev<N>-g<sha7>}, e.g. {@code
 *       28.0.0-dev5-g0123abc}, N being the commits since that tag. PEP 440 and git describe
 *       would write {@code 28.0.1.dev5+g0123abc}; an OCI tag cannot hold {@code +}, so the
 *       dashes keep it tag-safe and still sort after the tag it grew from.
 * </ul>
 *
 * <p>A version tag starts with a digit, or {@code v} and a digit, and holds only tag characters;
 * {@code ussuri-eol} and similar markers are not versions.
 */
public final class UpstreamVersion {

  private static final Pattern VERSION_TAG = Pattern.compile("v?[0-9][A-Za-z0-9._-]*");
  private static final Pattern DESCRIBED = Pattern.compile("(.+)-([0-9]+)-g([0-9a-f]+)");
  private static final Pattern NUMBER_OR_TEXT = Pattern.compile("[0-9]+|[^0-9.\\-_]+");

  private UpstreamVersion() {}

  /**
   * The version of {@code commit} in {@code repo}.
   *
   * @throws ForgeException when no version tag is reachable from the commit (a shallow clone
   *     without tags is the usual cause)
   */
  public static String of(Repository repo, ObjectId commit) {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(commit, "commit");
    try {
      List<String> exact = new ArrayList<>();
      for (Ref tag : repo.getRefDatabase().getRefsByPrefix("refs/tags/")) {
        String name = Repository.shortenRefName(tag.getName());
        if (isVersionTag(name) && commit.equals(peel(repo, tag))) {
          exact.add(name);
        }
      }
      if (!exact.isEmpty()) {
        return exact.stream().max(VERSION_ORDER).orElseThrow();
      }
      return describe(repo, commit);
    } catch (IOException e) {
      throw new ForgeException(
          "Cannot read the tags of " + repo.getDirectory() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Repository repo, ObjectId commit) throws IOException {
    String described;
    try (Git git = new Git(repo)) {
      described =
          git.describe()
              .setTarget(commit)
              .setTags(true)
              .setLong(true)
              .setAbbrev(7)
              .setMatch("[0-9]*", "v[0-9]*")
              .call();
    } catch (GitAPIException | InvalidPatternException e) {
      throw new ForgeException(
          "Cannot describe " + commit.name() + " in " + repo.getDirectory() + ": "
              + e.getMessage(), e);
    }
    Matcher m = described == null ? null : DESCRIBED.matcher(described);
    if (m == null || !m.matches() || !isVersionTag(m.group(1))) {
      throw new ForgeException(
          "No version tag is reachable from commit " + commit.name() + " in "
              + repo.getDirectory() + ", so its upstream version is unknown. Fetch the"
              + " upstream tags (a shallow clone has none) or build from a tagged ref.");
    }
    String version = m.group(1) + "-dev" + m.group(2) + "-g" + commit.name().substring(0, 7);
    return ImageTag.requireValid(version, "upstream version");
  }

  private static ObjectId peel(Repository repo, Ref tag) throws IOException {
    Ref peeled = repo.getRefDatabase().peel(tag);
    return peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
  }

  static boolean isVersionTag(String name) {
    return VERSION_TAG.matcher(name).matches() && name.length() <= 128;
  }

  /**
   * Orders versions by their numbers, then prefers a final release over a pre-release of the
   * same numbers ({@code 28.0.0} over {@code 28.0.0.0rc1}).
   */
  static final Comparator<String> VERSION_ORDER = UpstreamVersion::compareVersions;

  static int compareVersions(String a, String b) {
    List<String> left = tokens(a);
    List<String> right = tokens(b);
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      String l = left.get(i);
      String r = right.get(i);
      boolean ln = Character.isDigit(l.charAt(0));
      boolean rn = Character.isDigit(r.charAt(0));
      int c;
      if (ln && rn) {
        c = new java.math.BigInteger(l).compareTo(new java.math.BigInteger(r));
      } else if (ln != rn) {
        c = ln ? 1 : -1; // 28.0.0.1 is after 28.0.0rc1: a number beats a pre-release word
      } else {
        c = l.compareTo(r);
      }
      if (c != 0) {
        return c;
      }
    }
    if (left.size() == right.size()) {
      return a.compareTo(b);
    }
    // One is the other plus more: more numbers is later (28.0.0.1 > 28.0.0), a trailing word is
    // a pre-release and earlier (28.0.0.0rc1 < 28.0.0 once trailing zeros are equal).
    List<String> longer = left.size() > right.size() ? left : right;
    String next = longer.get(Math.min(left.size(), right.size()));
    boolean longerIsLater = Character.isDigit(next.charAt(0)) && !onlyZerosThenWord(longer,
        Math.min(left.size(), right.size()));
    int sign = left.size() > right.size() ? 1 : -1;
    return longerIsLater ? sign : -sign;
  }

  /** True for the tail {@code 0 rc 1} of {@code 28.0.0.0rc1}: zeros, then a pre-release word. */
  private static boolean onlyZerosThenWord(List<String> tokens, int from) {
    int i = from;
    while (i < tokens.size() && tokens.get(i).matches("0+")) {
      i++;
    }
    return i < tokens.size() && !Character.isDigit(tokens.get(i).charAt(0));
  }

  private static List<String> tokens(String version) {
    String v = version.startsWith("v") ? version.substring(1) : version;
    List<String> tokens = new ArrayList<>();
    Matcher m = NUMBER_OR_TEXT.matcher(v);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }
}
